# Messages the rules share (what could not be read), English. Each rule's own messages are in
# its file (RuleMeta::messages). Fluent syntax; ja.ftl defines the same ids.

not-read = not read: { $error }
organization-accounts-not-listed = the organization's accounts could not be listed: { $error }
every-account-evaluated = every account evaluated
account-not-read = the account's { $what } could not be read: { $error }
every-what-evaluated = every { $what ->
    [buckets] bucket
    [trails] trail
   *[other] { $what }
} evaluated
buckets-not-listed = the buckets could not be listed: { $error }
every-bucket-evaluated = every bucket evaluated

## Lists of reasons (nested messages) are joined with this.
list-separator = {"; "}

## Whether a bucket is public (s3/exposure.rs, shared by S3.6 and CT.7).
exposure-policy-not-read = the bucket policy was not read: { $error }
exposure-aws-public-unanalysed = AWS reports the policy public (it could not be analysed: { $error })
exposure-policy-unanalysable = the bucket policy could not be analysed: { $error }
exposure-policy-grants = the bucket policy grants to everyone in statement(s) { $statements }{ $disputed ->
    [yes] {" "}(AWS's policy status disagrees: IsPublic=false)
   *[no] {""}
}
exposure-aws-public = AWS reports the policy public (IsPublic=true), though orgaudit found every grant to everyone confined
exposure-acl-not-collected = the bucket ACL was not read
exposure-acl-not-read = the bucket ACL was not read: { $error }
exposure-acl-grants = the ACL grants { $grants }
exposure-acl-ignore-unknown = the ACL grants { $grants }, and whether IgnorePublicAcls is in force is unknown ({ $why })

## Whether a bucket is public through an access point (s3/access_points.rs).
access-points-not-listed = the access points of { $account } in { $region } were not listed: { $error }
access-point-policy-not-read = the policy of access point { $point } ({ $account }) was not read: { $error }
access-point-policy-invalid = the policy of access point { $point } ({ $account }) is not a valid policy: { $error }
access-point-bucket-policy-not-read = access point { $point } ({ $account }) has a public policy, and whether the bucket policy lets its requests through is unknown: { $error }
access-point-bucket-policy-invalid = access point { $point } ({ $account }) has a public policy, and the bucket policy cannot be read: { $error }
access-point-public = through access point { $point } ({ $account }): { $grants }
access-point-block-unknown = whether Block Public Access stops access point { $point } ({ $account }) is unknown ({ $unread })

## SCP and RCP verdicts (scp.rs), and guardrails (org/mod.rs).
statement-ref = { $name } ({ $id }) statement { $sid }
verdict-exempt = not subject to these policies (management account)
verdict-not-in-effect = allowed: the policies are not in effect ({ $why })
verdict-denied = denied at { $level } by { $by }
verdict-denied-except = denied at { $level } by { $by }, except for { $except }
verdict-not-allowed = not allowed: no policy attached at { $level } allows it (implicit deny)
verdict-allowed = allowed{ $witnessed ->
    [yes] {" "}({ $witness })
   *[no] {""}
}{ $limited ->
    [yes] ; denied only { $limits }
   *[no] {""}
}
verdict-unknown = unknown: { $why }
guardrail-group = { $actions }: { $verdict }
acl-grant = { $permission } to { $grantee }
    .separator = {", "}
access-point-grant = statement { $sid } grants { $actions } to { $principal }

## What the SCP evaluator found allowed (the witness) and where a Deny stops (scp.rs).
witness = { $action } for { $who }{ $on ->
    [yes] {" "}on { $resource }
   *[no] {""}
}{ $when ->
    [yes] {" "}when { $conditions }
   *[no] {""}
}
witness-value = { $key } = { $values }
    .separator = {", "}
witness-absent = { $key } absent
    .separator = {", "}
plain-value = { $value }
    .separator = {", "}
any-other-value = any other value
    .separator = {", "}
caller-ordinary-role = an ordinary role of the account
caller-other-org = a role of an account in another organization
caller-no-org = a role of an account outside any organization
caller-anonymous = an anonymous caller
caller-with-key = a principal with { $key } = { $value }
caller-other = { $label }
deny-limits = { $parts }
deny-on = on { $resources }
    .separator = {" "}
deny-on-other = on resources other than { $resources }
    .separator = {" "}
deny-nothing = {""}
    .separator = {" "}
deny-when = when { $condition }
    .separator = {" "}
deny-and-not-for = and not for { $exemptions }
    .separator = {" "}
limit-how = { $how } by { $by }
limit-except = except for { $except } by { $by }
limit-full = by { $by } under conditions that do not hold
