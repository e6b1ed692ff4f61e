package forge

import (
	"fmt"
	"unicode/utf8"

	"github.com/flake-unify/flake-unify/diag"
)

// bodyLimit is the longest body each forge takes, in code points. GitHub
// answers "body is too long (maximum is 65536 characters)"; GitLab
// documents 1,048,576 characters for a description. Gitea and Forgejo
// declare no limit; 65,536 keeps a body within what every forge shows well.
var bodyLimit = map[string]int{"github": 65536, "gitea": 65536, "gitlab": 1048576}

// gitUser pairs with the token for an https push. GitHub documents
// x-access-token for installation tokens (personal tokens take any name),
// GitLab oauth2 for every token kind. Gitea and Forgejo take a non-empty
// password as a token and ignore the user name then, so any fixed name does.
var gitUser = map[string]string{"github": "x-access-token", "gitea": "oauth2", "gitlab": "oauth2"}

func (t *transport) checkBody(op, body string) error {
	if n := utf8.RuneCountInString(body); n > bodyLimit[t.kind] {
		return &diag.Error{What: t.kind + ": " + op,
			Why:  fmt.Sprintf("the body has %d characters, the forge takes at most %d", n, bodyLimit[t.kind]),
			Hint: "shorten the body to BodyLimit() characters before sending it"}
	}
	return nil
}
