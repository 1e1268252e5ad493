# orgaudit レポートの文言 (日本語)。Fluent 形式。
# en.ftl と同じ id をすべて持つこと (テストで確認)。
report-title = orgaudit 監査レポート
organization = 組織
generated = 収集日時
tool = orgaudit
configuration = 設定
no-configuration = 既定値 (プラクティスファイルなし)
disabled-rules = 実行しなかったプラクティス (プラクティスファイルまたは選択オプションによる)
selection = 選択条件

## The first answer: how bad, and where.
open-by-severity = 未対応の不合格 (重大度別)
weighted-score = 重大度で重み付けしたスコア
print-note = 印刷版には概要のみを掲載しています。すべての検出結果とそのエビデンス・対処方法は report.html と findings.csv を参照してください。
trend = 直近の実行における未対応の不合格の推移
weighted-formula = 1 − Σ 重み × (未対応の不合格 + 不明) ÷ Σ 重み × 判定対象の件数。重み: 緊急 10、高 5、中 2、低 1、情報 0。抑制された不合格は除く。
worst-accounts = 重大度の高い未対応の不合格が多いアカウント
worst-practices = 重大度の高い未対応の不合格が多いプラクティス
sev-critical = 緊急
sev-high = 高
sev-medium = 中
sev-low = 低
sev-info = 情報

## Practice areas and permission classes, as the reader's language says them.
area-collection = 収集
area-organizations = AWS Organizations
area-sso = IAM Identity Center
area-s3 = S3
area-cloudtrail = CloudTrail
area-configuration = 設定
class-admin = 管理者相当
class-privileged = 特権
class-wildcard = サービス全体のワイルドカード
class-ordinary = 通常

## Compliance view.
compliance = コンプライアンス
control = コントロール
verdicts = アカウント別の判定
not-covered = orgaudit の対象外
not-evaluated = 今回の実行では未評価
not-applicable = 該当なし
partial-match = 部分的な対応付け
whole-organization = 組織全体

## Sections.
summary = 概要
findings = 検出結果
practices = プラクティス
scp-chains = SCP の継承とガードレール
access-matrix = IAM Identity Center のアクセスマトリクス
data-events = S3 データイベントの記録範囲
drift = 前回の実行からの変化
collection-errors = 収集エラー

## Summary.
coverage = 収集範囲
accounts-reachable = アカウントを読み取り済み
unreachable = アクセスできなかったアカウント
by-area = 領域別スコア
by-account = アカウント別スコア
by-ou = OU 別スコア
score = スコア
score-help = 合格 ÷ (合格 + 未対応の不合格 + 不明)。抑制された不合格は除く。

## Columns.
practice = プラクティス
title = タイトル
severity = 重大度
status = 状態
account = アカウント
ou = OU
region = リージョン
service = 領域
resource = リソース
observed = 現状
expected = あるべき姿
evidence = エビデンス
source = 出典
rationale = 理由
remediation = 対処方法
controls = 対応するコントロール
pass = 合格
fail = 不合格
unknown = 不明
suppressed = 抑制
disabled = 無効
user = ユーザー
via = 経由
permission-set = 権限セット
class = 分類
notes = 備考
bucket = バケット
read = 読み取り
write = 書き込み
level = 階層
scps = アタッチされた SCP
guardrail = 保護対象のアクション
verdict = 判定
setting = 設定項目
old = 前回
new = 今回
operation = オペレーション
code = エラーコード
message = メッセージ

## Findings table and filters.
all = すべて
search = リソース、アカウント、現状で検索…
showing = 表示中
of = /
previous = 前へ
next = 次へ
no-match = 条件に一致する検出結果はありません。
export-csv = 表示中の検出結果を CSV にエクスポート
static-note = 件を表示しています。JavaScript が無効なため、重大度の高い順に先頭の検出結果のみを表示しています。すべての検出結果は findings.csv と findings.json を参照してください。
worst-findings = 件 (合格以外、重大度の高い順)

## Drift.
drift-since = 比較対象の実行日時
no-previous-run = レポートフォルダに、この組織の前回の実行結果はありません。
new-findings = 新たな不合格
resolved-findings = 解消
changed-findings = 状態が変化
unchanged-findings = 変化なし
setting-changes = 変更された設定
none = なし
blocked = 保護済み
open = 未保護

## Sentences with values.
api-calls = API 呼び出し { $calls } 件、再試行 { $retries } 件
term-skipped = (対象外 { $n } 件)
term-api-calls = API 呼び出し { $calls } 件、再試行 { $retries } 件。
term-collection-errors = 収集エラー { $n } 件。そのデータを必要とするプラクティスの判定は「{ $unknown }」になります。
term-count = { $word } { $n } 件
term-total = { $n } 件
term-open-count = { $severity } { $n } 件
term-reports = レポート: { $dir }
term-reports-open = レポート: { $dir } ({ $html } をブラウザーで開いてください)
