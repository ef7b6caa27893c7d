# 既定テーマの UI 文言（日本語）。
# ここにあるキーは、他の言語のファイルにもすべて必要です（不足は tebiki が報告します）。
# ガイド本文に合わせて、手順は「手順1」「手順2」と数えます。

skip-to-content = 本文へ移動
language-switcher = 言語
toc-title = このページの内容
nav-home = ガイドのトップへ

step-of = 手順{ $step }（全{ $total }手順）
step-nav = 設定の手順
step-pager = 前後の手順
step-prev = 前の手順
step-next = 次の手順
step-back-home = ガイドのトップへ戻る

device-pc = PC
device-phone = スマートフォン
device-both = PCまたはスマートフォン

callout-note = 補足
callout-tip = ヒント
callout-important = 重要
callout-warning = 注意
callout-caution = 警告

checklist-title = 進み具合
checklist-progress = 全{ $total }手順のうち{ $done }手順が完了
checklist-done-label = 「{ $title }」を完了にする
checklist-done-badge = （完了）
checklist-two-methods = 認証方法を2つ以上登録した
checklist-mark-done = この手順を完了にする
checklist-reset = 進み具合をリセット
checklist-saved-note = 進み具合はこのブラウザーにだけ保存され、ほかの言語のページとも共通です。

expand-all = すべて開く
collapse-all = すべて閉じる

handoff-title = スマートフォンで続ける
handoff-text = スマートフォンのカメラでこのコードを読み取ると、同じページが開きます。

fallback-notice = このページはまだ{ $language }に翻訳されていないため、{ $source }で表示しています。

footer-title = お問い合わせ
footer-support = 困ったときは、{ $desk }（{ $hours }）にお問い合わせください。
footer-support-no-hours = 困ったときは、{ $desk }にお問い合わせください。
footer-email = メール
footer-phone = 電話

notfound-title = ページが見つかりません
notfound-text = お探しのページは存在しないか、移動した可能性があります。
notfound-home = ガイドのトップへ

chooser-title = 言語を選んでください

# ページの日付と移動したページ（front matter の updated・reviewed・aliases）
date = { $year }年{ $month }月{ $day }日
date-updated = 最終更新日：
date-reviewed = 内容確認日：
alias-title = このページは移動しました
alias-text = 新しいアドレス：

# サイトのメニューとパンくずリスト（ガイド）
menu-label = サイトのメニュー
menu-title = メニュー
breadcrumbs-label = 現在の位置

# サイト内検索（partials/search.html, search.html, search.js）。search-found の「#」は件数に置き換わります。
search-label = サイト内検索
search-placeholder = 検索（例：機種変更、海外）
search-all-pages = すべてのページ
search-list-title = すべてのページ
search-found = #件見つかりました
search-found-one = 1件見つかりました
search-none = 見つかりませんでした

# 学生向けの改善（issue 22）：使っている方法の選択、スクリーンショット、進み具合の消去の確認、お知らせ
method-choice-label = 使っている方法
method-choice-none = 選んでいない（すべて表示）
method-choice-saved = 選んだ方法を先頭に表示しています。選択はこのブラウザーに保存されます。
method-others = ほかの方法
image-fallback = この画像は{ $language }版のものです。
zoom-open = 拡大して表示
zoom-close = 閉じる
zoom-label = 拡大した画像
checklist-reset-question = すべての手順の完了の記録を消去します。よろしいですか？
checklist-reset-yes = 消去する
checklist-reset-no = やめる
announcement-label = お知らせ
announcement-dismiss = お知らせを閉じる
