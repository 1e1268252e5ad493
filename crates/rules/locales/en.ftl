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
