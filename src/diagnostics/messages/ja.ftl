# tebiki 自身のメッセージ（日本語）。en.ftl と同じ ID・同じ変数をそろえます（単体テストで確認）。

explain-pointer = 説明: tebiki explain { $code }

## tebiki explain

explain-unknown = 「{ $code }」という診断コードはありません
explain-did-you-mean = 「{ $code }」のことでしょうか。tebiki explain { $code } で説明を表示できます
explain-see-list = すべてのコードは tebiki explain --list で確認できます
severity-error = エラー
severity-warning = 警告
