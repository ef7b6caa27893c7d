# tebiki's own messages in English. Every message here has a twin in ja.ftl with the same
# variables (a unit test checks). Ids of diagnostic messages start with their code.

explain-pointer = explain: tebiki explain { $code }

## tebiki explain

explain-unknown = there is no diagnostic code '{ $code }'
explain-did-you-mean = did you mean '{ $code }'? Run: tebiki explain { $code }
explain-see-list = tebiki explain --list shows every code
severity-error = error
severity-warning = warning
