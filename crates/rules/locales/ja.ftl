# ルールが共有するメッセージ (読み取れなかったもの)。各ルール固有のメッセージはルールの
# ファイル (RuleMeta::messages) にある。Fluent 形式。en.ftl と同じ id を定義する。

not-read = 読み取れなかった: { $error }
organization-accounts-not-listed = 組織のアカウントの一覧を取得できなかった: { $error }
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
buckets-not-listed = バケットの一覧を取得できなかった: { $error }
every-bucket-evaluated = すべてのバケットを評価できること

## 理由の一覧 (入れ子のメッセージ) の区切り。
list-separator = 、

## バケットが公開されているか (s3/exposure.rs、S3.6 と CT.7 が共有)。
exposure-policy-not-read = バケットポリシーを読み取れなかった: { $error }
exposure-aws-public-unanalysed = AWS はポリシーをパブリックと判定している (orgaudit は解析できなかった: { $error })
exposure-policy-unanalysable = バケットポリシーを解析できなかった: { $error }
exposure-policy-grants = バケットポリシーのステートメント { $statements } が全員に許可している{ $disputed ->
    [yes] {" "}(AWS のポリシーステータスは IsPublic=false で、判定が一致しない)
   *[no] {""}
}
exposure-aws-public = AWS はポリシーをパブリックと判定している (IsPublic=true)。orgaudit の解析では全員への許可はすべて条件で限定されている
exposure-acl-not-collected = バケット ACL を読み取れなかった
exposure-acl-not-read = バケット ACL を読み取れなかった: { $error }
exposure-acl-grants = ACL が { $grants } を許可している
exposure-acl-ignore-unknown = ACL が { $grants } を許可しており、IgnorePublicAcls が有効かは不明 ({ $why })

## アクセスポイント経由でバケットが公開されているか (s3/access_points.rs)。
access-points-not-listed = { $account } の { $region } のアクセスポイントの一覧を取得できなかった: { $error }
access-point-policy-not-read = アクセスポイント { $point } ({ $account }) のポリシーを読み取れなかった: { $error }
access-point-policy-invalid = アクセスポイント { $point } ({ $account }) のポリシーが有効なポリシーではない: { $error }
access-point-bucket-policy-not-read = アクセスポイント { $point } ({ $account }) のポリシーはパブリックだが、バケットポリシーがそのリクエストを許可するかは不明: { $error }
access-point-bucket-policy-invalid = アクセスポイント { $point } ({ $account }) のポリシーはパブリックだが、バケットポリシーを解析できない: { $error }
access-point-public = アクセスポイント { $point } ({ $account }) 経由: { $grants }
access-point-block-unknown = ブロックパブリックアクセスがアクセスポイント { $point } ({ $account }) を止めるかは不明 ({ $unread })

## SCP と RCP の判定 (scp.rs) とガードレール (org/mod.rs)。
statement-ref = { $name } ({ $id }) のステートメント { $sid }
verdict-exempt = これらのポリシーの対象外 (管理アカウント)
verdict-not-in-effect = 許可: ポリシーが有効になっていない ({ $why })
verdict-denied = { $level } で { $by } により拒否
verdict-denied-except = { $level } で { $by } により拒否 (例外: { $except })
verdict-not-allowed = 許可されていない: { $level } にアタッチされたどのポリシーも許可していない (暗黙的な拒否)
verdict-allowed = 許可{ $witnessed ->
    [yes] {" "}({ $witness })
   *[no] {""}
}{ $limited ->
    [yes] 。拒否されるのは次の場合のみ: { $limits }
   *[no] {""}
}
verdict-unknown = 不明: { $why }
guardrail-group = { $actions }: { $verdict }
acl-grant = { $grantee } に { $permission }
    .separator = 、
access-point-grant = ステートメント { $sid } が { $principal } に { $actions } を許可

## SCP の評価で許可されたリクエスト (witness) と、Deny が拒否する範囲 (scp.rs)。
witness = { $who }による { $action }{ $on ->
    [yes] {" "}(対象: { $resource })
   *[no] {""}
}{ $when ->
    [yes] {" "}(条件: { $conditions })
   *[no] {""}
}
witness-value = { $key } = { $values }
    .separator = 、
witness-absent = { $key } なし
    .separator = 、
plain-value = { $value }
    .separator = {", "}
any-other-value = その他の値
    .separator = {", "}
caller-ordinary-role = アカウントの通常のロール
caller-other-org = 別の組織のアカウントのロール
caller-no-org = どの組織にも属さないアカウントのロール
caller-anonymous = 匿名の呼び出し元
caller-with-key = { $key } が { $value } のプリンシパル
caller-other = { $label }
deny-limits = { $parts }
deny-on = 対象 { $resources }
    .separator = {" "}
deny-on-other = { $resources } 以外のリソース
    .separator = {" "}
deny-nothing = {""}
    .separator = {" "}
deny-when = 条件 { $condition }
    .separator = {" "}
deny-and-not-for = ({ $exemptions } は除く)
    .separator = {" "}
limit-how = { $how } ({ $by } による)
limit-except = { $except } を除く ({ $by } による)
limit-full = 成り立たない条件で ({ $by } による)
