# ルールが共有するメッセージ (読み取れなかったもの)。各ルール固有のメッセージはルールの
# ファイル (RuleMeta::messages) にある。Fluent 形式。en.ftl と同じ id を定義する。

not-read = 読み取れなかった: { $error }
organization-accounts-not-listed = 組織のアカウントを一覧できなかった: { $error }
every-account-evaluated = すべてのアカウントを評価できること
account-not-read = アカウントの{ $what ->
    [buckets] バケット
    [trails] 証跡
   *[other] { $what }
}を読み取れなかった: { $error }
every-what-evaluated = すべての{ $what ->
    [buckets] バケット
    [trails] 証跡
   *[other] { $what }
}を評価できること
buckets-not-listed = バケットを一覧できなかった: { $error }
every-bucket-evaluated = すべてのバケットを評価できること
