// The two peers' programs: jq and DuckDB computing the aggregation of bench/aggregation.ts from the
// diagnostic-settings NDJSON, with the definitions of evidence/definitions.ts (scope by resource app ID,
// then display name; SignInTokenProtection or Binding; Block > WouldBlock > Allow; first copy of an Id).
import { AppIds, protectedAppNames } from "../model/conditionalAccess";
import { failedResults, notAppliedResults, protectedResourceNameAliases, tokenProtectionControls } from "../evidence/definitions";

const idsToNames = Object.fromEntries(Object.values(AppIds).map((id) => [id, protectedAppNames[id]]));
const namesToNames = { ...Object.fromEntries(Object.values(protectedAppNames).map((n) => [n, n])), ...protectedResourceNameAliases };
const json = (v: unknown) => JSON.stringify(v);

// jq has no mutable set: a `reduce` that adds each Id to an object copies it every time and grows quadratic
// (a 1M-row run did not finish in 20 minutes). So jq runs as the usual two-stage pipeline: a streaming pass
// that classifies each line (null when out of scope), then a slurping pass that keeps the first tuple per Id
// (`unique_by` sorts, so n log n) and counts.
const jqDefinitions = `
def ids: ${json(idsToNames)};
def names: ${json(namesToNames)};
def hastp: (. // []) | type == "array" and any(.[]; . as $c | ${json(tokenProtectionControls)} | index([$c]) != null);
def outcome:
  [ (. // [])[] | select(type == "object")
    | select(.enforcedSessionControls | hastp)
    | (.result // "") as $r
    | select(${json(notAppliedResults)} | index([$r]) | not)
    | { ro: ($r | ascii_downcase | startswith("reportonly")),
        ns: ((.sessionControlsNotSatisfied | hastp) or (${json(failedResults)} | index([$r]) != null)) } ]
  | if length == 0 then "none"
    elif any(.[]; .ns and (.ro | not)) then "block"
    elif any(.[]; .ns and .ro) then "wouldBlock"
    else "allow" end;`;

/** Stage 1, per line: [id, resource, day, status, code, outcome] for a sign-in in scope, else null. */
export const jqClassify = `${jqDefinitions}
(.properties // {}) as $p
| (ids[($p.resourceId // "") | ascii_downcase] // names[$p.resourceDisplayName // ""]) as $res
| if $res == null or (.category != "SignInLogs" and .category != "NonInteractiveUserSignInLogs") then null
  else [$p.id, $res, .time[0:10], (($p.tokenProtectionStatusDetails // {}).signInSessionStatus // "" | ascii_downcase),
        (($p.tokenProtectionStatusDetails // {}).signInSessionStatusCode // null | tostring), ($p.appliedConditionalAccessPolicies | outcome)]
  end`;

/** Stage 2, slurped: the first tuple per Id (unique_by keeps the first of equal keys), counted. */
export const jqAggregate = `
def count_by(f): reduce .[] as $t ({}; .[$t | f] += 1);
length as $rows
| map(select(. != null)) | unique_by(.[0])
| { rows: $rows, requests: length,
    bound: map(select(.[3] == "bound")) | length,
    unbound: map(select(.[3] == "unbound")) | length,
    allow: map(select(.[5] == "allow")) | length,
    wouldBlock: map(select(.[5] == "wouldBlock")) | length,
    block: map(select(.[5] == "block")) | length,
    byCode: (map(select(.[3] == "unbound")) | count_by(.[4])),
    byResource: count_by(.[1]),
    byDay: count_by(.[2]) }`;

const policyStruct = "STRUCT(id VARCHAR, result VARCHAR, enforcedSessionControls VARCHAR[], sessionControlsNotSatisfied VARCHAR[])[]";
const columns = `{category: 'VARCHAR', time: 'VARCHAR', properties: 'STRUCT(id VARCHAR, resourceId VARCHAR, resourceDisplayName VARCHAR, tokenProtectionStatusDetails STRUCT(signInSessionStatus VARCHAR, signInSessionStatusCode INTEGER), appliedConditionalAccessPolicies ${policyStruct})'}`;
const sqlList = (values: readonly string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(", ");
const hasTp = (list: string) => `(${tokenProtectionControls.map((c) => `coalesce(list_contains(${list}, '${c}'), false)`).join(" OR ")})`;
const notSatisfied = `(${hasTp("x.sessionControlsNotSatisfied")} OR coalesce(x.result, '') IN (${sqlList(failedResults)}))`;
const reportOnly = "starts_with(lower(coalesce(x.result, '')), 'reportonly')";

export function duckdbSql(file: string): string {
    const resourceCase = [
        ...Object.entries(idsToNames).map(([id, name]) => `WHEN lower(p.resourceId) = '${id}' THEN '${name}'`),
        ...Object.entries(namesToNames).map(([display, name]) => `WHEN p.resourceDisplayName = '${display}' THEN '${name}'`),
    ].join(" ");
    return `
WITH src AS (
    SELECT category, time, properties AS p FROM read_json('${file.replace(/'/g, "''")}', format = 'newline_delimited', columns = ${columns})
), scoped AS (
    SELECT category, time, p, CASE ${resourceCase} END AS resource FROM src
), classified AS (
    SELECT DISTINCT p.id AS id, resource, substr(time, 1, 10) AS day,
        lower(coalesce(p.tokenProtectionStatusDetails.signInSessionStatus, '')) AS status,
        p.tokenProtectionStatusDetails.signInSessionStatusCode AS code,
        list_filter(coalesce(p.appliedConditionalAccessPolicies, []), x -> ${hasTp("x.enforcedSessionControls")} AND coalesce(x.result, '') NOT IN (${sqlList(notAppliedResults)})) AS tp
    FROM scoped
    WHERE resource IS NOT NULL AND category IN ('SignInLogs', 'NonInteractiveUserSignInLogs')
), outcomes AS (
    SELECT *, CASE
        WHEN len(tp) = 0 THEN 'none'
        WHEN len(list_filter(tp, x -> ${notSatisfied} AND NOT ${reportOnly})) > 0 THEN 'block'
        WHEN len(list_filter(tp, x -> ${notSatisfied} AND ${reportOnly})) > 0 THEN 'wouldBlock'
        ELSE 'allow' END AS outcome
    FROM classified
)
SELECT
    (SELECT count(*) FROM src) AS rows,
    (SELECT count(*) FROM outcomes) AS requests,
    (SELECT count(*) FROM outcomes WHERE status = 'bound') AS bound,
    (SELECT count(*) FROM outcomes WHERE status = 'unbound') AS unbound,
    (SELECT count(*) FROM outcomes WHERE outcome = 'allow') AS allow,
    (SELECT count(*) FROM outcomes WHERE outcome = 'wouldBlock') AS wouldBlock,
    (SELECT count(*) FROM outcomes WHERE outcome = 'block') AS block,
    (SELECT json_group_object(coalesce(CAST(code AS VARCHAR), 'null'), n) FROM (SELECT code, count(*) AS n FROM outcomes WHERE status = 'unbound' GROUP BY code)) AS byCode,
    (SELECT json_group_object(resource, n) FROM (SELECT resource, count(*) AS n FROM outcomes GROUP BY resource)) AS byResource,
    (SELECT json_group_object(day, n) FROM (SELECT day, count(*) AS n FROM outcomes GROUP BY day)) AS byDay`;
}
