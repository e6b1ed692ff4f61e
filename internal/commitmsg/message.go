package commitmsg

import (
	"errors"
	"strings"
)

// Message assembles the commit message: the subject, a blank line, the
// body, a blank line and the diffstat. Trailing blank lines of the body are
// dropped so the layout does not depend on how the caller ended it.
func Message(subject, body string, stats []FileStat) (string, error) {
	subject = strings.TrimSpace(subject)
	if subject == "" {
		return "", errors.New("gitops: empty commit subject")
	}
	if strings.ContainsAny(subject, "\r\n") {
		return "", errors.New("gitops: the commit subject must be one line")
	}
	var sb strings.Builder
	sb.WriteString(subject)
	sb.WriteString("\n\n")
	if b := strings.TrimRight(body, " \t\r\n"); b != "" {
		sb.WriteString(b)
		sb.WriteString("\n\n")
	}
	sb.WriteString(renderStat(stats, statWidth))
	return sb.String(), nil
}
