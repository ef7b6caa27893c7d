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

## ブロック（markdown/directives/）

bad-directive-attribute = 「{ $name }={ $value }」は使えない属性です
bad-directive-attribute-help = 使える属性は #id、.class、if=name、if=!name、if="name == value"、open です（alt="…" は ::: screenshot 用です）
unknown-directive = 「{ $kind }」というブロックの種類はありません
unknown-directive-help = ブロックの種類は次のとおりです: { $kinds }
bad-condition = if={ $name } には true か false の値が必要ですが、{ $name } は「{ $value }」です
bad-condition-help = 代わりに比較してください: if="{ $name } == { $value }"。または { $name } を true か false にしてください
unknown-condition = if= の「{ $name }」というパラメーターは定義されていません
unknown-condition-help-include = include に渡すか（{ $name }=…）、ページの params: か site.toml の [params] に書いてください
unknown-condition-help = site.toml の [params] かページの params: に { $name } = true（または false）を書いてください
bad-directive-else = ::: else にはタイトル・ID・条件を付けられません
bad-directive-else-help = 行は ::: else だけにしてください。直前の if= のブロックが表示されないときに、このブロックが表示されます
misplaced-else = ::: else は、if= を持つブロックの閉じる ::: のすぐ後に置いてください
misplaced-else-help = そのブロックの閉じる ::: の次の行に、同じ字下げで書いてください
bad-nesting-entry = 認証方法や FAQ の項目の中に、別の認証方法や FAQ の項目は入れられません
bad-nesting-entry-help = この行の前で、外側のブロックを ::: で閉じてください。認証方法や FAQ の項目は順に並べます
bad-nesting-screenshot = スクリーンショットの中に、別のスクリーンショットは入れられません
bad-nesting-screenshot-help = この行の前で、1つ目のスクリーンショットを ::: で閉じてください
bad-nesting-steps = 手順ブロックの中の手順ブロックは、どれかの手順の中に入れる必要があります
bad-nesting-steps-help = 小手順にするには、この ::: steps（と閉じる :::）を手順の本文の下に字下げしてください（例: 「1. 」の後の3文字分）
# $what は method か faq です。
missing-block-title = この{ $what ->
    [method] 認証方法
   *[faq] FAQ の項目
}にはタイトルがありません
missing-block-title-help = 波かっこの後にタイトルを書いてください: { $example }
missing-id = この{ $what ->
    [method] 認証方法
   *[faq] FAQ の項目
}には ID がないため、リンクで指し示せません
missing-id-help = ID を付けてください: { $example }
unmatched-close = この ::: が閉じるブロックはありません（ここで開いているブロックはありません）
unmatched-close-help = この行を削除するか、ブロックを開く ::: の行を追加してください
misplaced-close = この ::: はリストや引用の中にありますが、閉じようとしているブロック（{ $line } 行目）はその外にあります
misplaced-close-help = 閉じる ::: は、ブロックを開いた行とまったく同じ字下げにしてください
# $what はブロックの種類: method、steps、faq、else、screenshot、block、またはコールアウト（note、tip など）。
unclosed-directive = この{ $what ->
    [method] 認証方法
    [steps] 手順ブロック
    [faq] FAQ の項目
    [else] else ブロック
    [screenshot] スクリーンショット
    [block] ブロック
   *[other] { $what } ブロック
}が閉じられていません
unclosed-directive-help = ブロックが終わる所に ::: だけの行を（開いた行と同じ字下げで）追加してください
unknown-device = 「{"{"}{ $name }{"}"}」という端末タグはありません
unknown-device-help = 手順は {"{"}pc{"}"}・{"{"}phone{"}"}・{"{"}both{"}"} のどれかで始めます
unused-device-tag = 端末タグ {"{"}{ $name }{"}"} はここでは意味がないため、表示しません
unused-device-tag-help = 端末タグは手順の印です。::: steps のリスト（または手順の中のリスト）の項目の先頭に書いてください
empty-steps = この手順ブロックには番号付きリストがありません
empty-steps-help = 手順は番号付きリストで書いてください: 1. {"{"}pc{"}"} …
unknown-condition-did-you-mean = if={ $name } のことでしょうか。

## パラメーター

unknown-param = 「{ $name }」というパラメーターは定義されていません
unknown-param-help = site.toml の [params] に { $name } = "…" を書くか、参照を削除してください
unknown-param-typo-in-site-toml = site.toml の { $line } 行目に「{ $best }」があります。「{ $name }」のことでしょうか。「{ $best }」はどこにも使われていません。このページのつづりが誤っている場合は「{"{{"} { $best } {"}}"}」と書いてください
broken-param = 「{ $typed }」は波かっこの数が合わないため、書いたとおりにページに表示されます
broken-param-help = 「{ $fixed }」と書いてください
unknown-argument = 「{ $name }」という引数やパラメーターはありません
unknown-argument-help = スニペットを読み込む所で渡すか（::: include { $snippet } {"{"}{ $name }=…{"}"}）、ページの params: か site.toml の [params] に書いてください

## フロントマター（load/）

missing-front-matter = ページにフロントマターがないため、タイトルがありません
missing-front-matter-help = ファイルの先頭に ---、title: "タイトル"、--- の3行を書いてください
unclosed-front-matter = フロントマターが --- の行で閉じられていません
unclosed-front-matter-help = フロントマターの最後のキーの後に、--- だけの行を追加してください
missing-title = ページにタイトルがありません
missing-title-empty = タイトルが空のため、ページにタイトルがありません。ブラウザーのタブと見出しが空白になります
missing-title-empty-help = title: の後にページのタイトルを書いてください。例: title: "1つ目の方法を登録する"
missing-title-empty-front-matter = フロントマターが空のため、ページにタイトルがありません
missing-title-help = 次の行を追加してください: title: "タイトル"
# $problem は format、day（その月は $days 日まで）、month のいずれかです。
date-problem = { $problem ->
    [format] YYYY-MM-DD の形で書かれていません
    [day] その月は { $days } 日までしかありません
   *[month] そのような月はありません（月は 01 から 12 です）
}
invalid-date = 「{ $key }」: 「{ $value }」は実在する日付ではありません。{ date-problem }
invalid-date-help = 日付は半角数字の YYYY-MM-DD で書いてください（例: { $key }: 2026-04-01）
unknown-front-matter-key = フロントマターの { $name } というキーはありません
unknown-front-matter-key-help = 使えるキーは title、description、weight、step、template、draft、aliases、updated、reviewed です
duplicate-key = フロントマターで { $name } が2回設定されています
duplicate-key-help = 2行のうち1行だけを残してください
wrong-type-front-matter = 「{ $key }」の値の種類が違います: { $detail }
yaml-syntax = フロントマターが YAML として正しくありません: { $detail }
yaml-syntax-help = この行の引用符とコロンを確認してください。「: 」を含む文字列は引用符で囲む必要があります
yaml-syntax-tab = フロントマターのインデントにタブが使われています
yaml-syntax-tab-help = YAML のインデントにはタブではなく空白を使ってください
front-matter-number-hint = { $key } は整数です（例: { $key }: 2）
front-matter-quoted-number-hint = { $key } は数値なので、引用符を付けずに書いてください:「{ $key }: { $number }」
full-width-number = 「{ $key }: { $typed }」の数字が全角のため、「{ $key }」が設定されていません
full-width-number-help = 数字は半角で入力してください。「{ $key }: { $number }」と書いてください
front-matter-draft-hint = draft は true か false です
front-matter-aliases-hint = aliases は古いアドレスの一覧です（例: aliases: ["old-page/"]）
front-matter-date-hint = { $key } は日付です（例: { $key }: 2026-04-01）
front-matter-text-hint = { $key } は文字列です。引用符で囲んでください（例: { $key }: "…"）
full-width-colon = 「{ $key }：」のコロンが全角のため、「{ $key }」が設定されていません
full-width-help = 全角で入力された「:」のようです。「{ $fixed }」と書いてください

## Markdown のリンク（markdown/malformed_links.rs）

empty-link = 「{ $written }」にはアドレスがないため、どこにもリンクしません
empty-link-help = ( と ) の間にアドレスを書くか（例: [テキスト](faq.md)）、かっこを削除してください
unclosed-link = 「{ $written }」はリンクのアドレスを「(」で始めていますが閉じていないため、文字のまま表示されます
unclosed-link-help = アドレスの最後に「)」を付けてください（例: [テキスト](faq.md)）
undefined-reference = 「{ $written }」は [{ $label }] を参照していますが、このページに定義がないため、文字のまま表示されます
undefined-reference-help = ページに「[{ $label }]: https://…」の行を追加するか、アドレスを直接書いてください: [テキスト](https://…)
lost-link-bracket = 「{ $text }({ $address }」は [ ] が抜けたリンクのようです。文字のまま表示されます
lost-link-bracket-help = リンクの文字を [ ] で、アドレスを ( ) で囲んでください: [{ $text }]({ $address })

## ガイドのステップ（load/outline.rs）

duplicate-step = このガイドに、ステップ { $number } のページが2つあります: このページと { $first }
duplicate-step-help = ガイドのステップのページには、1、2、3 … とそれぞれ別の番号を付けてください
step-gap-first = このガイドの最初のステップが { $number } になっています。ステップは 1 から始めます
step-gap = このページはステップ { $number } ですが、ガイドにはその前のステップ { $expected } がありません
step-gap-help = ステップは 1、2、3 … と抜けなく番号を付けてください。このページを step: { $expected } にするか、抜けているステップを追加してください
# $place は language（言語のフォルダーそのもの）か folder です。
step-outside-guide = このページはステップ { $number } ですが、{ $place ->
    [language] 言語のフォルダー
   *[other] フォルダー「{ $folder }」
}に index.md がないため、どのガイドにも属していません
step-outside-guide-help = このページと同じ場所に index.md を追加して{ $place ->
    [language] 言語のフォルダー
   *[other] フォルダー「{ $folder }」
}をガイドにするか、step: の行を削除してください

## スニペット（snippets/）

unused-argument = スニペット「{ $snippet }」は引数「{ $key }」を使っていません
unused-argument-did-you-mean = { $best }=… のことでしょうか。スニペットは {"{{"} { $best } {"}}"} を使っています
unused-argument-help = include から { $key }=… を削除するか、{ $file } で {"{{"} { $key } {"}}"} を使ってください
include-too-deep = include が { $depth } 段より深く重なっています
include-too-deep-help = スニペットが読み込むほかのスニペットは少なくしてください。終わらない連鎖がないか確認してください
include-cycle = スニペット「{ $name }」が自分自身を読み込んでいます: { $chain }
include-cycle-help = これらの ::: include の行のどれかを削除してください。スニペットは自分自身を含められません
missing-snippet = 「{ $name }」というスニペットはどの言語にもありません
missing-snippet-help = content/<言語>/{ $dir }/{ $name }.md を作るか、名前を直してください
missing-snippet-translation = このスニペットには{ $language }の翻訳がありません（{ $file } がありません）。このスニペットを読み込む{ $language }のページには、こちらが使われます
missing-snippet-translation-help = { $file } に翻訳してください

## 翻訳（parity.rs）

missing-translation = このページには{ $language }の翻訳がありません（{ $file } がありません）。読者にはお知らせを付けてこのページが表示されます
missing-translation-help = { $file } に翻訳してください
# $here_is と $there_is は end（スニペットの終わり）か line（$here、$there の行）です。
parity-snippet = このスニペットでは{ $here_is ->
    [end] 終わり
   *[other] 「{ $here }」
}の位置に、{ $other } では{ $there_is ->
    [end] 終わり
   *[other] 「{ $there }」
}があります
parity-snippet-help = 両方の翻訳で、ブロック・include・番号付きの手順をそろえてください
# $what は method、faq、heading のいずれかです。
parity-id = { $what ->
    [method] 認証方法
    [faq] FAQ の項目
   *[heading] 見出しの ID
}「{ $id }」に対応するものが { $other } にありません
parity-id-help = 両方の言語で同じ ID を使うか、{ $other } にその{ $what ->
    [method] 認証方法
    [faq] FAQ の項目
   *[heading] 見出しの ID
}を追加してください
parity-steps = 「{ $id }」の手順は、ここでは { $here } 個ですが、{ $other } では { $there } 個です（{ $line } 行目）
parity-steps-help = 両方の翻訳で手順の数をそろえてください。そうすると、どちらの言語でも手順へのリンクが働きます

## スクリーンショット・画像・コード（markdown/）

bad-screenshot-attribute = スクリーンショットに「{ $name }」という属性は使えません
bad-screenshot-attribute-help = スクリーンショットに付けられるのは alt="…" と #id です: ::: screenshot img/x.png {"{"}alt="セキュリティ情報のページ"{"}"}
missing-alt = このスクリーンショットには代替テキストがありません
missing-alt-help = 画面を見られない読者のために、写っているものを説明してください: {"{"}alt="セキュリティ情報のページ"{"}"}
bad-screenshot-path = スクリーンショットには「screenshot」の後に画像のパスが必要です
bad-screenshot-path-help = 次のように書いてください: ::: screenshot img/security-info.png {"{"}alt="…"{"}"}
unreadable-image = 「{ $image }」の大きさを読み取れないため、番号の位置を決められません
unreadable-image-help = PNG・JPEG・GIF・WebP のファイルか、<svg> に幅と高さをピクセルで書いた SVG を使ってください
screenshot-marker-no-position = このスクリーンショットの項目 { $number } には位置がありません
screenshot-marker-no-position-help = 項目の先頭に、画像の左上からのピクセル位置を書いてください（例: { $number }. 412,188 …を選びます）。または、ほかの言語のページの同じスクリーンショット（同じ大きさの画像）で、同じ項目に位置を付けてください
screenshot-marker-outside = 番号 { $number }（{ $at }）が画像の外にあります。画像は { $width }×{ $height } ピクセルです
screenshot-marker-outside-help = 位置は画像の左上からのピクセルです。x は 0〜{ $width }、y は 0〜{ $height } です。幅x高さの枠も画像の中で終わる必要があります
image-from-other-language = 「{ $written }」はこの言語にはありません。ページには代わりに { $path } が表示されます
image-from-other-language-help = この言語の画面のスクリーンショットを同じパスに追加するか、{ $path } の下にページが表示する注記をそのまま残してください
unknown-code-language = 「{ $lang }」の構文の強調表示はできません。コードはそのまま表示されます
unknown-code-language-help = sh・json・yaml・html・css・js・python などの一般的な名前を使うか、言語名を省いてください
duplicate-id = ID「{ $id }」がこのページで2回使われています
duplicate-id-help = 見出し・認証方法・手順・FAQ の項目には、それぞれ別の ID を付けてください
full-width-space-after-colon = 「{ $key }:」の後の空白が全角のため、「{ $key }」が設定されていません
full-width-space-after-colon-help = コロンの後の空白は半角で入力してください。「{ $fixed }」と書いてください

## ファイルとフォルダー（contain.rs、load/、i18n.rs）

# 読めなかった理由: $reason_kind は denied、missing、other（$reason）のいずれかです。
outside-site = このシンボリックリンクはサイトのフォルダーの外（{ $target }）を指しているため、tebiki は読みません
outside-site-help = リンクではなく、ファイルをサイトの中にコピーしてください。リンクをたどるのは、サイトのフォルダーの中にとどまる場合だけです
not-a-file = これは通常のファイルではなく { $kind } のため、tebiki は読みません
not-a-file-help = サイトから削除するか、通常のファイルに置き換えてください
broken-symlink = このシンボリックリンクが指すファイルはありません
broken-symlink-help = リンクを削除するか、リンク先のファイルを元に戻してください
symlink-loop = このシンボリックリンクは、自分を含むフォルダーを指しています
symlink-loop-help = リンクを削除するか、別の場所を指すようにしてください
unreadable = この{ $what ->
    [folder] フォルダー
    [template] テンプレート
    [path] パス
   *[file] ファイル
}を読めませんでした: { $reason_kind ->
    [denied] アクセスが許可されていません
    [missing] 存在しません
   *[other] { $reason }
}
unreadable-help = ファイルのアクセス権を確認してください
changed-while-building = サイトのビルド中にファイルが変更されました
changed-while-building-help = もう一度ビルドしてください
not-utf8 = ファイルが UTF-8 のテキストではありません
not-utf8-help = UTF-8 で保存してください
not-utf8-page-help = UTF-8 で保存してください（多くのエディターでは「エンコード付きで保存」→「UTF-8」）。Shift_JIS には対応していません
missing-content-dir = 言語「{ $lang }」のコンテンツのフォルダーがありません
missing-content-dir-help = index.md を入れた content/{ $lang }/ を作るか、site.toml からその言語を削除してください

## UI の文言（i18n/）

ui-string-argument = 文言「{ $key }」に値を埋め込めませんでした: { $reason }
ui-string-argument-help = テーマが渡す {"{"} $arguments {"}"} だけを使ってください。ほかの言語の同じ文言と比べてください
missing-ui-string = テーマは文言「{ $key }」を使いますが、i18n/{ $lang }.ftl に定義がありません
missing-ui-string-help = i18n/{ $lang }.ftl に次の行を追加してください: { $key } = …
missing-ui-strings = 「{ $lang }」の UI の文言を読めませんでした: { $reason_kind ->
    [denied] アクセスが許可されていません
    [missing] 存在しません
   *[other] { $reason }
}
missing-ui-strings-help = ほかの言語の .ftl ファイルを i18n/{ $lang }.ftl にコピーして翻訳してください
ftl-syntax = Fluent の書き方の誤り: { $detail }
ftl-syntax-help = 各項目は `キー = 文言` の形で書き、続きの行は字下げします
ftl-duplicate = 「{ $key }」が2回定義されています
ftl-duplicate-help = 2つの項目のうち1つを削除してください
untranslated-ui-string = 「{ $key }」には i18n/{ $lang }.ftl の翻訳がありません
untranslated-ui-string-help = i18n/{ $lang }.ftl に「{ $key } = …」を追加してください

## ページ全体（check/）

id-clash-in-page = ID「{ $id }」が { $page } で2回以上使われています
id-clash-in-page-help = テーマか生の HTML もこの ID を使っています。別の ID を選んでください（例: {"{"}#{ $id }-section{"}"}）
orphan-page = { $page } にリンクしているページがほかにありません
orphan-page-help = ホームページや関連するページからリンクするか、メニューに表示されるガイドのフォルダーか言語のフォルダーに移してください
# $key は updated か reviewed です。
stale-page = このページの最終{ $key ->
    [updated] 更新
   *[reviewed] 確認
}日は { $date } で、{ $age } 日前です（stale_after_days = { $limit }）
stale-page-help = ページの内容がまだ正しいことを確かめてから、reviewed: { $today } にしてください（内容を変えた場合は updated: { $today }）
broken-theme-link = テーマが { $page } に入れているリンク「{ $url }」の先には、何も公開されていません
broken-theme-link-help = テンプレートが組み立てる URL を確認してください。`tebiki build` を実行して出力フォルダーを見てください
broken-theme-link-outside = テーマが { $page } に入れているリンク「{ $url }」はサイトの外を指しています
broken-theme-link-outside-help = URL は site.base_path（「{ $base }」）か page.url から組み立ててください。ホストサイトのフォルダーなら、site.toml の [links] host_paths に書いてください
theme-link-on = （テーマが { $page } に入れているリンク）

## テーマと描画（render/）

missing-theme = テーマに templates フォルダーがありません
missing-theme-help = site.toml の `theme` を確認するか、`tebiki init` で既定のテーマを入手してください
internal = tebiki がこのページの Markdown の描画結果を失いました（tebiki の不具合です）
internal-help = お手数ですが、ページを添えてプロジェクトの issue トラッカーに報告してください
bad-alias = 別名「{ $alias }」はこのサイトのアドレスではありません: { $reason ->
    [empty] 空です
    [full-url] サイト内のパスではなく、完全な URL です
    [special] 「?」「#」「\」のどれかを含んでいます
   *[dots] 別名に「.」と「..」は使えません
}
bad-alias-help = 古いアドレスは、言語のフォルダーから（old-page/）か、サイトのベースパスから（/old-page/）書いてください

## まとめの行

check-summary = { $pages } ページ、{ $links } 個のリンクを確認しました: エラー { $errors } 件、警告 { $warnings } 件
check-summary-external = （外部 URL { $external } 件: { $fetched } 件を取得、{ $cached } 件はキャッシュから）
check-summary-external-unchecked = （外部 URL { $external } 件は未確認です。確認するには --external を付けてください）
check-took = { $summary }（{ $ms } ミリ秒）
error-content = サイトに { $count } 件のエラーがあるため、何も書き出していません
error-config = site.toml に { $count } 件の問題があります
build-summary = { $pages } ページ（{ $languages }）、{ $files } ファイル、{ $kib } KiB をビルドしました（{ $ms } ミリ秒）→ { $output }{ $warnings ->
    [0] {""}
   *[other] （警告 { $warnings } 件）
}
# $what: fence、front-matter-fence、heading、list-item、attribute、device-tag、parameter-spaces、parameter-braces、include-arguments、toml-line、ftl-line、link、table-row。
full-width-syntax = 「{ $typed }」は{ $what ->
    [fence] ブロックの区切り（:::）
    [front-matter-fence] フロントマターの区切り（---）
    [heading] 見出し
    [list-item] リストの項目
    [attribute] 属性（{"{"}#id{"}"}）
    [device-tag] 端末タグ
    [parameter-spaces] 空白入りのパラメーター
    [parameter-braces] パラメーター（{"{{"} name {"}}"}）
    [include-arguments] include の引数（{"{"}key=value{"}"}）
    [toml-line] site.toml の行
    [ftl-line] UI 文言の行
    [link] リンク
   *[table-row] 表の行
}を全角で入力したもののようです
full-width-syntax-help = 全角で入力された「{ $meant }」のようです。「{ $fixed }」と書いてください

## ::: と ::: include の行の書き方

bad-directive-no-kind = 「{ $written }」がブロックの種類で始まっていません
bad-directive-no-kind-help = コロンのすぐ後に種類を書いてください（例: ::: method {"{"}#method-phone{"}"} 電話）
bad-directive-quote = 引用符で囲んだ値が閉じていません
bad-directive-quote-help = " で閉じてください: {"{"}if="step == first"{"}"}
bad-directive-curly-quote = 値が “ ” や ＂ で囲まれています。これらは引用符として扱われません
bad-directive-curly-quote-help = 半角の " で囲んでください: { $fixed }
bad-directive-id = 「{ $id }」は ID として使えません
bad-directive-id-help = 英数字と「-」「_」だけを使ってください（例: {"{"}#method-phone{"}"}）
bad-directive-condition = 「{ $condition }」は条件になっていません
bad-directive-condition-help = if=name、if=!name、if="name == value"、if="name != value" のどれかで書いてください
bad-directive-unknown-attribute = 「{ $token }」は使えない属性です
bad-directive-unknown-attribute-help = 使える属性は #id、.class、if=name、if=!name、if="name == value"、open です
bad-include-name = 「{ $name }」はスニペット名になっていません
bad-include-name-help = _snippets/ の下のファイル名を .md なしで書いてください: ::: include add-method {"{"}method=app{"}"}
bad-include-after-name = スニペット名の後に、予期しない「{ $after }」があります
bad-include-after-name-help = 引数は波かっこの中に書きます: ::: include NAME {"{"}key=value key2="two words"{"}"}
bad-include-quote = 引用符で囲んだ引数の値が閉じていません
bad-include-quote-help = 値を " で閉じてください: label="two words"
bad-include-no-value = 引数「{ $token }」に値がありません
bad-include-no-value-help = { $token }=value か { $token }="two words" のように書いてください
bad-include-argument-name = 「{ $key }」は引数名として使えません
bad-include-argument-name-help = 英字で始め、英数字と「_」だけを使ってください: method=app
bad-include-twice = 引数「{ $key }」が2回指定されています
bad-include-twice-help = 2つの値のうち1つだけを残してください

## site.toml（config.rs、config/）

not-utf8-config = site.toml が UTF-8 のテキストではありません（{ $offset } バイト目に読めないバイトがあります）
not-utf8-config-help = site.toml を UTF-8 で保存してください
# $found は text、number、list、table、empty、other のいずれか、$value は書かれた値です。
# $wanted は count、whole、number、text、bool、list、table、other（$written は serde の言葉）です。
wrong-type-config = site.toml: 値が{ $found ->
    [text] 文字列（{ $value }）
    [number] { $value }
    [list] リスト
    [table] テーブル
    [empty] 空
   *[other] { $value }
}ですが、{ $wanted ->
    [count] 0 以上の整数
    [whole] 整数
    [number] 数値
    [text] 引用符で囲んだ文字列
    [bool] true か false
    [list] [ ] で囲んだリスト
    [table] テーブル
   *[other] { $written }
}を書く必要があります
wrong-type-config-help = 文字列は引用符で囲みます。数値と true/false には引用符を付けません
wrong-type-theme = site.toml: 値は引用符で囲んだ文字列かテーブルにしてください
wrong-value = site.toml: { $value } は使える値ではありません。使える値: { $allowed }
wrong-value-help = 使える値のどれかを引用符で囲んで書いてください
unknown-key = site.toml: { $name } というキーはありません。使えるキー: { $allowed }
unknown-key-no-list = site.toml: { $name } というキーはありません
unknown-key-help = つづりを確認してください。site.toml で使えるキーは README にすべて載っています
missing-key = site.toml: 必要なキー { $name } がありません
missing-key-help = キーを追加してください。必要なキーは README に載っています
toml-syntax = site.toml の書き方に誤りがあります: { $detail }
toml-syntax-help = TOML ファイルの書き方は https://toml.io を参照してください
bad-base-url = base_url「{ $value }」が http(s) で始まる完全な URL ではありません
bad-base-url-help = サイトを公開するアドレスを書いてください（例: base_url = "https://mfa.university.example/"）
param-wrong-type = パラメーター「{ $name }」の値が{ $kind ->
    [array] 配列
    [table] テーブル
    [datetime] 日時
   *[other] { $kind }
}です。パラメーターの値は文字列、数値、true/false のいずれかです
param-wrong-type-help = 値を引用符で囲んでください（例: { $name } = "…"）
missing-language = site.toml に言語が1つもありません
missing-language-help = 言語ごとに、code、name、title を書いた [[languages]] テーブルを追加してください
bad-language-code = 「{ $code }」は言語コードではありません
bad-language-code-help = "ja"、"en"、"zh-Hant" のような BCP 47 のコードを使ってください
duplicate-language = 言語「{ $code }」が2回書かれています
duplicate-language-help = 2つの [[languages]] テーブルのうち1つを削除してください
unknown-language = default_language「{ $code }」がサイトの言語（{ $listed }）にありません
unknown-language-help = default_language を [[languages]] のコードのどれかにするか、その言語を追加してください
bad-output-dir = output_dir が空です
bad-output-dir-help = 出力フォルダーの名前を書いてください（例: output_dir = "public"）
bad-host-path = ホストのパス「{ $path }」がサーバーのルートより下のパスではありません
bad-host-path-help = "/support/" のように / で始まるパスを書いてください（/ だけは使えません）
bad-logo-outside = logo「{ $value }」がサイトの static/ フォルダーの中のファイルではありません
bad-logo-outside-help = ロゴを static/ に置き、サイトのルートからのパスを書いてください（例: logo = "static/logo.svg"）
bad-logo-missing = logo「{ $value }」のファイルがありません
bad-logo-missing-help = ファイル名を確認してください。パスは site.toml があるフォルダーから書きます
bad-color = { $key }「{ $value }」は色ではありません
bad-color-help = # と6桁の16進数で書いてください（例: { $key } = "#0b57a4"）
# $scheme は light か dark です。
low-contrast = { $key }「{ $value }」とテーマの{ $scheme ->
    [dark] ダーク
   *[light] ライト
}モードの背景色 { $background } とのコントラスト比は { $ratio }:1 です。WCAG AA では文字に 4.5:1 以上が必要です
low-contrast-help = 基準を満たすいちばん近い色は { $key } = "{ $better }"（{ $ratio }:1）です
announcement-key = [announcement] の「{ $key }」は、このサイトの言語ではありません
announcement-key-did-you-mean = 「{ $suggestion }」のことでしょうか。使えるキーは until と言語コードです
announcement-key-help = 使えるキーは until と言語コード（{ $codes }）です
announcement-not-text = お知らせの「{ $key }」は文字列にしてください
announcement-not-text-help = 引用符で囲んでください: { $key } = "…"
announcement-missing-language = お知らせに「{ $lang }」の文章がありません
announcement-missing-language-help = すべての言語の読者に表示されるよう、[announcement] に { $lang } = "…" を追加してください
announcement-until = お知らせの until が日付ではありません。{ date-problem }
announcement-until-help = 表示する最後の日を YYYY-MM-DD で書いてください（例: until = 2027-04-01）

## テンプレートと出力先（render/）

# $detail は Tera 自身のメッセージです。
template = テンプレートの誤り: { $detail }
template-syntax = テンプレートの書き方の誤り: { $detail }
template-help = テンプレートの書き方は Tera のドキュメントを参照してください
template-variable-help = 変数のつづりを確認してください。テンプレートで使えるもの（page.*、site.*）は README に載っています
template-asset-help = ファイルをサイトのルートの static/（またはテーマの static/ フォルダー）に置くか、asset_url に渡すパスを直してください
template-filter-help = フィルターの名前を確認してください。組み込みのフィルターは Tera のドキュメントに載っています
template-name-help = テンプレート名を確認してください。テーマの templates/ フォルダーにあるものだけが使えます
template-cached-include-help = 「{ $template }」は cached_include で言語ごとに1回だけ描画されるため、site.* しか使えません。page.* が必要なら {"{"}% include "{ $template }" %{"}"} を使ってください
env-not-allowed = このテンプレートは環境変数 { $name } を読んでいますが、テンプレートはこの変数を読めません
env-not-allowed-help = テンプレートが読めるのは { $allowed } だけです。この変数を許可するには、site.toml に [security] env = ["{ $name }"] と書いてください
# $kind は include、extends、import のいずれかです。
template-recursion = この { $kind } で、テンプレートが自分自身を際限なく読み込みます: { $chain }
template-recursion-help = テンプレートは直接にもほかのテンプレート経由でも、自分自身を include・extends・import できません。共通部分を、どちらも読み込まない部分テンプレートに移してください
unknown-template = テーマにテンプレート「{ $name }」がありません
unknown-template-help = テーマのテンプレートは次のとおりです: { $names }
# $owner は self、page、file、generated、alias のいずれか、$name は持ち主の名前（$line は別名の行）です。
alias-collision = 別名「{ $alias }」は「{ $address }」に公開されますが、そこは{ $owner ->
    [self] このページ自身のアドレスです
    [page] ページ { $name } のアドレスです
    [file] ファイル { $name } のアドレスです
    [generated] tebiki が作る{ $name ->
        [chooser] 言語選択ページ
        [not-found] 404 ページ
        [sitemap] サイトマップ
       *[robots] robots.txt
    }のアドレスです
   *[alias] すでに { $name } の別名です（{ $line } 行目）
}
alias-collision-help = { $owner ->
    [self] 別名を削除してください。ページはすでにそのアドレスで公開されています
    [page] 存在するページはリダイレクトできません。別名を削除するか、そのページを移動するか名前を変えてください
    [file] 別の古いアドレスにするか、ファイルの名前を変えてください
    [generated] 別の古いアドレスにしてください
   *[alias] 1つの古いアドレスから移動できるページは1つだけです。どちらか一方のページにだけ別名を残してください
}
duplicate-output = このファイルと { $first } が、どちらも { $path } に書き出されるため、一方が失われます
duplicate-output-help = どちらかの名前を変えるか削除してください。1つの出力ファイルの元にできるのは1つだけです
duplicate-output-index-help = `name.md` と `name/index.md` は同じページです。どちらか一方を残してください（もう一方の文章はそちらに移してください）

## 外部リンク（check/external/）

# { link-what } はリンクを示します（$kind、$text、$written）。$failure は status、timeout、dns、
# connect、tls、network、not-checked のいずれか、$detail はステータスコードかライブラリの言葉です。
external-link = { link-what }: { $failure ->
    [status] サーバーがステータス { $detail } を返しました（HTTP ステータス）
    [timeout] サーバーが時間内に応答しませんでした（タイムアウト）
    [dns] ホスト名が見つかりませんでした（DNS: { $detail }）
    [connect] 接続できませんでした（接続: { $detail }）
    [tls] 安全な接続を確立できませんでした（TLS: { $detail }）
    [not-checked] 確認していません（制限時間）
   *[network] 接続できませんでした（{ $detail }）
}
external-link-help = リンクを直すか削除してください。確認ツールを拒否するサイトなら、site.toml の [check] の exclude に追加してください
external-unchecked-help = このリンクの前に、確認の制限時間が終わりました。--external-timeout（秒）を増やすか、[check] の include で範囲を絞ってください
external-redirect = { link-what }は { $to } にリダイレクトされます
external-redirect-help = { $to } に直接リンクしてください
external-anchor = { link-what }: リンク先のページに「#{ $anchor }」がありません
external-anchor-help = 「#…」の部分を外してページにリンクするか、ページの見出しのどれかにリンクしてください（ID はブラウザーでページを開くと確認できます）
used-in-places = （{ $count } か所で使われています: { $list }{ $more ->
    [0] {""}
   *[other] {""}、ほか { $more } か所
}）
external-offline = 外部 URL { $count } 件のどれにも接続できませんでした（接続がないか、ホスト名が見つかりません）。このコンピューターはネットワークにつながっていますか
external-offline-help = ネットワークやプロキシの設定を確認して、もう一度実行してください。--external を付けずに tebiki check を実行すると、内部リンクだけを確認します
invalid-link-mailto-empty = mailto: のリンクにアドレスがありません
invalid-link-mailto = 「{ $address }」はメールアドレスではありません
invalid-link-tel = 「{ $number }」は電話番号ではありません（数字と「-」、先頭の「+」を使ってください）
invalid-link-help = アドレスに入力の誤りがないか確認してください
external-progress = 外部リンクを確認しています: { $done }/{ $total }

## 処理を止めるエラー（error.rs、output/）

error-read = { $path } を読めませんでした
error-write = { $path } に書き込めませんでした
error-bind = 開発用サーバーを { $addr } で起動できませんでした
error-bind-help = ほかのプログラムがこのポートを使っている可能性があります。--port 0 か --port 8080 を試してください
error-no-site-help = { $folder } は tebiki のサイトではありません（site.toml がありません）。サイトのフォルダーで tebiki を実行するか、--root path/to/site でサイトを指定するか、tebiki init でここにサイトを作ってください
# $cause はシステムかライブラリ自身の言葉です。
caused-by = 原因: { $cause }
error-output-dir = 出力フォルダー { $path } は安全に書き込めません:{ " " }
# $reason で文を選びます。$name はサイトのフォルダー（inside のとき）です。
output-dir-reason = { $reason ->
    [root] サイトのルートです。tebiki はビルドのたびに出力フォルダーを置き換えます
    [outside] サイトのルートの外にあります。public のように、ルートの中のフォルダーを選んでください
    [inside] tebiki がファイルを読む { $name }/ の中にあります
    [contains-root] サイトのルートを含んでいます
    [symlink] シンボリックリンクです。tebiki はリンクを置き換えたり、リンクを通して書き込んだりしません
    [file] フォルダーではなくファイルです
    [foreign] tebiki が書き出したのではないファイルがすでにあります。空にするか、別のフォルダーを選んでください
    [parent-link] 親フォルダーが、サイトのルートの外を指すリンクです
    [escapes] この出力パスは出力フォルダーの外に出ます。tebiki は出力フォルダーの中にだけ書き込みます
    [through-link] シンボリックリンクです。tebiki はリンクを通して書き込みません
    [file-in-the-way] このフォルダーを置く場所に、tebiki が書き出したのではないファイルがあります。出力フォルダーの外に移してください
    [folder-in-the-way] このファイルを置く場所に、tebiki が書き出したのではないファイルを含むフォルダーがあります。出力フォルダーの外に移してください
   *[not-ours] tebiki が書き出したものではないため、そのままにします
}
build-waiting = { $output } へのほかの tebiki のビルドが終わるのを待っています…
bad-base-url-flag = --base-url（または { $env }）の「{ $value }」が http(s) で始まる完全な URL ではありません
bad-base-url-flag-help = プレビューのアドレスを書いてください（例: --base-url https://preview.example.org/mfa/）
init-bad-tebiki-git = --tebiki-git の「{ $value }」はリポジトリのアドレスではありません。https://github.com/<your-org>/tebiki のように指定してください
init-not-empty = { $dir } は空ではありません。tebiki init は、あなたのファイルを上書きしないよう、新しいフォルダーか空のフォルダーにだけ書き込みます
serve-watch-failed = { $path } の変更を監視できませんでした: { $detail }
serve-ctrl-c-failed = Ctrl-C を受け取る準備ができませんでした: { $detail }

## tebiki serve と tebiki init（serve/、cmd/init.rs）

serve-serving = { $url } で公開しています（Ctrl-C で停止します）
serve-on-network = ネットワーク上のアドレス: { $url }
serve-public-bind = { $bind } で待ち受けているため、ネットワーク上のほかのコンピューターからもこのサイトが見えます。このコンピューターだけで見るには、既定の設定（--bind 127.0.0.1）を使ってください
serve-no-browser = ブラウザーを開けませんでした: { $detail }
serve-stopped = 停止しました
serve-built = ビルド { $build }: { $pages } ページを { $ms } ミリ秒で生成しました（{ $paths } 個のパスのうち { $rendered } 個を描画し直しました）
serve-last-good = 最後に成功したビルド（{ $build }）を引き続き表示しています
# ブラウザーのエラー表示と警告パネル（serve/words.rs）。
serve-build-failed = サイトを生成できませんでした。下に表示しているのは、最後に生成できたときのページです。
serve-help = ヒント
serve-no-build = サイトをまだ生成できていません。上に表示した問題を直して保存してください。このページは自動で再読み込みされます。
serve-warnings = サイトを生成しました。次の警告があります:
serve-dismiss = 閉じる
init-wrote = { $dir } に { $count } 個のファイルを書き出しました
init-next = 次に、site.toml（大学名、アカウント名、問い合わせ窓口）を編集してから、次のコマンドを実行してください
init-workflow = GitHub では、{ $workflow } がプルリクエストを確認し、GitHub Pages に公開します。tebiki は { $url } からインストールされます
init-workflow-unset = GitHub では、{ $workflow } がプルリクエストを確認し、GitHub Pages に公開します。まず、このファイルの先頭の TEBIKI_GIT に、tebiki をインストールする git リポジトリを設定してください（または --tebiki-git URL を付けて init を実行してください）

## 見出し（markdown/headings.rs）

unclosed-heading-id = 見出しの ID「{"{"}#{ $id }」に閉じる「{"}"}」がないため、文字として表示され、見出しには別の ID が付きます
unclosed-heading-id-help = 波かっこを閉じてください: { $fixed }
heading-level = この見出し（{ $written }）は、前の見出し（{ $last }）から階層を飛ばしています
heading-level-after-title = この見出し（{ $written }）は、ページのタイトル（階層1、# にあたります）から階層を飛ばしています
heading-level-help = スクリーンリーダーは見出しを階層ごとに読み上げます。ここは前の見出しより # を1つだけ増やして { $fixed } と書いてください
heading-level-title = # が1つの見出しは、ページのタイトルと同じ階層になります。階層1の見出しはページのタイトルだけです
heading-level-title-help = ページ内の見出しは ## から始めてください
empty-heading = 見出しに文字がないため、スクリーンリーダーは空の見出しを読み上げます
empty-heading-help = # の後に見出しの文字を書いてください。例: ## 方法を選ぶ {"{"}#choose{"}"}
empty-link-text = 「{ $written }」へのリンクに文字がないため、スクリーンリーダーはアドレスだけを読み上げます
empty-link-text-help = [ と ] の間にリンクの文字を書いてください: [手順2]({ $written })
list-marker-space = 「{ $typed }」はリストの項目になりません。「{ $marker }」の後に空白がないため、前の文章とつながって表示されます
list-marker-space-help = 「{ $fixed }」と書いてください
