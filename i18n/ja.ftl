# 既定テーマの UI 文言（日本語）。
# ここにあるキーは、他の言語のファイルにもすべて必要です（不足は tebiki が報告します）。

skip-to-content = 本文へ移動
site-nav = サイト
language-switcher = 言語
language-switcher-current = { $name }（表示中）
toc-title = このページの内容
breadcrumb-home = ガイドのトップ

step-of = ステップ { $step } / { $total }
step-nav = 手順
step-prev = 前のステップ
step-next = 次のステップ
step-short = ステップ { $step }

device-pc = パソコン
device-phone = スマートフォン
device-both = パソコンとスマートフォン

callout-note = 補足
callout-tip = ヒント
callout-important = 重要
callout-warning = 注意
callout-caution = 警告

checklist-title = 進み具合
checklist-progress = { $total } ステップ中 { $done } ステップ完了
checklist-two-methods = 認証方法を 2 つ以上登録した
checklist-mark-done = このステップを完了にする
checklist-reset = 進み具合をリセット
checklist-saved-note = 進み具合はこのブラウザーにだけ保存されます。
checklist-nojs = 終わったステップから順に確認してください。

expand-all = すべて開く
collapse-all = すべて閉じる

handoff-title = スマートフォンで続ける
handoff-text = スマートフォンのカメラでこのコードを読み取ると、同じページを開けます。

fallback-notice = このページはまだ{ $language }に翻訳されていないため、{ $source }で表示しています。

footer-support = お困りのときは { $desk }（{ $hours }）へお問い合わせください。
footer-email = メール
footer-phone = 電話
footer-generator = { $generator } で作成

notfound-title = ページが見つかりません
notfound-text = お探しのページは存在しないか、移動した可能性があります。
notfound-home = ガイドのトップへ

chooser-title = 言語を選んでください
