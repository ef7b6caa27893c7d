# tebiki 自身のメッセージ（日本語）。en.ftl と同じ ID・同じ変数をそろえます（単体テストで確認）。

explain-pointer = 説明: tebiki explain { $code }

## tebiki explain

explain-unknown = 「{ $code }」という診断コードはありません
explain-did-you-mean = 「{ $code }」のことでしょうか。tebiki explain { $code } で説明を表示できます
explain-see-list = すべてのコードは tebiki explain --list で確認できます
severity-error = エラー
severity-warning = 警告

## docs/diagnostics.md

reference-title = 診断コード
reference-generated = src/diagnostics/explanations/ja.md から生成しています。再生成するには TEBIKI_BLESS=1 cargo test --test it reference_pages を実行します
reference-intro = tebiki が報告する問題には、それぞれコードがあり、`error[コード]` または `warning[コード]` の形で表示されます。ターミナルでは `tebiki explain コード` で同じ説明を表示できます（[English](diagnostics.md)）。ここに示す重大度は既定のもので、設定によって変わるものもあります（`[check] links` など）。
reference-code = コード
reference-severity = 重大度

## 共通の部品

did-you-mean = 「{ $suggestion }」のことでしょうか。
# メッセージの中でリンクを指す言い方。$kind は image（画像）、bare（リンク文字列なし）、text のいずれか。
link-what = { $kind ->
    [image] 画像「{ $written }」
    [bare] リンク「{ $written }」
   *[text] リンク「{ $text }」（{ $written }）
}

## リンク・アンカー・画像（check/）

broken-anchor = { $page } に「#{ $anchor }」はありません
broken-anchor-help = ページにある見出しのどれかにリンクするか、意図した見出しに ID を付けてください: ## … {"{"}#{ $anchor }{"}"}
broken-anchor-other-language = 「#{ $anchor }」は { $file } にあります。翻訳どうしで同じ ID を使ってください
broken-anchor-other-language-note = （「#{ $anchor }」は { $file } にあります。翻訳どうしで同じ ID を使ってください）
hidden-anchor = 「#{ $anchor }」はこのサイトで非表示のブロック（if=…）の中にあるため、{ $page } にその場所はありません
hidden-anchor-help = リンクを削除するか、同じ if= 条件のブロックの中に入れてください
broken-link-outside = { link-what }がサイトの外を指しています
broken-link-outside-help = content/ の中のページかファイルにリンクしてください（サイト内のパスは「{ $base }」で始まります）。ホストサイトのページなら、site.toml の [links] host_paths にそのフォルダーを書いてください
broken-link-raw-html = { link-what }: 生の HTML のリンクは書いたとおりに使われますが、ビルドしたサイトに「{ $wanted }」というファイルはありません
broken-link-raw-html-help = Markdown のリンク [テキスト]({ $written }) にするか、ページのアドレス「{ $address }」を使ってください
broken-link-no-page = { link-what }: ページ content/{ $path } はありません
broken-link-no-file = { link-what }: ファイル content/{ $path } はありません
broken-link-not-published = { link-what }: 「{ $address }」には何も公開されていません
broken-link-help = { $folder } からのパスで Markdown ファイルにリンクするか（例: [テキスト](faq.md)）、リンクを削除してください
missing-image-help = 画像ファイルを { $folder } に置く（または名前を直す）か、画像を削除してください
link-to-alias = { link-what }は古いアドレス「{ $old }」を指しています。このアドレスは content/{ $target } へ転送するだけです
link-to-alias-help = ページそのものにリンクしてください: 「{ $written }」（公開先は「{ $url }」）
empty-alt = 画像「{ $written }」に代替テキストがありません
empty-alt-help = 画面を見られない読者のために、画像に写っているものを説明してください: ![サインイン画面の QR コード](qr.png)
empty-alt-html = 画像「{ $written }」に alt 属性がありません
empty-alt-html-help = 画像を説明する alt="…" を付けてください。飾りだけの画像なら alt="" にします
