# orgaudit report strings, English, in Fluent syntax (Project Fluent).
# Every id here is also in ja.ftl; a test keeps the two in step.
report-title = orgaudit report
organization = Organization
generated = Collected
tool = orgaudit
configuration = Configuration
no-configuration = defaults (no practices file)
disabled-rules = Practices not run (practices file or selection flags)
selection = Selection

## The first answer: how bad, and where.
open-by-severity = Open failures by severity
weighted-score = Severity-weighted score
print-note = This printout is the summary. Every finding, with its evidence and remediation, is in report.html and findings.csv.
trend = Open failures over the last runs
weighted-formula = 1 − Σ weight × (open failures + unknowns) ÷ Σ weight × judged; weights: critical 10, high 5, medium 2, low 1, info 0; accepted failures left out
worst-accounts = Accounts with the most serious open failures
worst-practices = Practices with the most serious open failures
sev-critical = critical
sev-high = high
sev-medium = medium
sev-low = low
sev-info = info

## Practice areas and permission classes, as the reader's language says them.
area-collection = Collection
area-organizations = Organizations
area-sso = Identity Center
area-s3 = S3
area-cloudtrail = CloudTrail
area-configuration = Configuration
class-admin = admin-equivalent
class-privileged = privileged
class-wildcard = service-wide wildcard
class-ordinary = ordinary

## Compliance view.
compliance = Compliance
control = Control
verdicts = Verdict per account
not-covered = not covered by orgaudit
not-evaluated = not evaluated in this run
not-applicable = no finding
partial-match = partial match
whole-organization = organization

## Sections.
summary = Summary
findings = Findings
practices = Practices
scp-chains = SCP chains and guardrails
access-matrix = Identity Center access matrix
data-events = S3 data-event coverage
drift = Drift since the previous run
collection-errors = Collection errors

## Summary.
coverage = Collection coverage
accounts-reachable = accounts read
unreachable = unreachable
by-area = Score per practice area
by-account = Score per account
by-ou = Score per OU
score = Score
score-help = passes ÷ (passes + open failures + unknowns); suppressed failures are left out

## Columns.
practice = Practice
title = Title
severity = Severity
status = Status
account = Account
ou = OU
region = Region
service = Area
resource = Resource
observed = Observed
expected = Expected
evidence = Evidence
source = Source
rationale = Why
remediation = How to fix
controls = Controls
pass = pass
fail = fail
unknown = unknown
suppressed = suppressed
disabled = disabled
user = User
via = Via
permission-set = Permission set
class = Class
notes = Notes
bucket = Bucket
read = Read
write = Write
level = Level
scps = SCPs attached
guardrail = Guarded action
verdict = Verdict
setting = Setting
old = Before
new = Now
operation = Operation
code = Code
message = Message

## Findings table and filters.
all = all
search = Search resource, account, observed…
showing = Showing
of = of
previous = Previous
next = Next
no-match = No finding matches the filters.
export-csv = Export these findings (CSV)
static-note = Without JavaScript this table lists the first findings, worst first. Every finding is in findings.csv and findings.json.
worst-findings = not passing, worst first

## Drift.
drift-since = Compared with the run of
no-previous-run = No previous run of this organization in the reports folder.
new-findings = New failures
resolved-findings = Resolved
changed-findings = Status changed
unchanged-findings = Unchanged
setting-changes = Settings that changed
none = none
blocked = blocked
open = open

## Sentences with values.
api-calls = { $calls } API calls, { $retries } retries
term-skipped = ({ $n } skipped)
term-api-calls = { $calls } API calls, { $retries } retries.
term-collection-errors = { $n } collection error(s); rules that needed that data say `unknown`.
term-count = { $n } { $word }
term-total = { $n }
term-open-count = { $severity } { $n }
term-reports = Reports: { $dir }
term-reports-open = Reports: { $dir } (open { $html })
