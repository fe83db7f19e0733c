// Package orgname tells when two spellings name one organization: the key of a name is
// what is left when the ways of writing it that do not change who it is are taken out.
//
//   - width and compatibility forms: NFKC (ＡＢＣ → ABC, ㈱ → (株), （ → ( );
//   - spaces: none are kept (「日本 電気」, 「日本電気」);
//   - the legal form (法人格), written out or abbreviated, before or after the name:
//     株式会社, (株), 有限会社, (有), 合同会社, 一般社団法人, (一社), 一般財団法人,
//     (一財), 公益社団法人, (公社), 公益財団法人, (公財), 特定非営利活動法人, NPO法人,
//     (特非) …;
//   - an English name given with the Japanese one in parentheses 「ABC株式会社（ABC
//     Inc.）」: the part in parentheses is dropped when it is written in Latin letters
//     and the rest is not.
//
// 株式会社ABC and ABC株式会社 thus share the key ABC. Two bodies whose names differ only
// by legal form (ABC株式会社 and 一般社団法人ABC) would share it too; the curated alias
// file (loader) is where such a case is kept apart or other spellings are joined.
package orgname

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// legalForms are the 法人格, longest first so that 一般社団法人 is not read as 社団法人.
var legalForms = []string{
	"特定非営利活動法人", "一般社団法人", "一般財団法人", "公益社団法人", "公益財団法人",
	"独立行政法人", "国立研究開発法人", "地方独立行政法人", "社会福祉法人", "学校法人", "医療法人",
	"社団法人", "財団法人", "NPO法人", "株式会社", "有限会社", "合同会社", "合資会社", "合名会社",
	"(株)", "(有)", "(同)", "(一社)", "(一財)", "(公社)", "(公財)", "(特非)", "(独)", "(国研)", "(学)", "(社福)", "(医)",
}

// english is a trailing parenthesised name in Latin letters: (ABC Inc.), (NTT Corp.).
var english = regexp.MustCompile(`\(([A-Za-z0-9][A-Za-z0-9 .,&'\-]*)\)$`)

// Key returns the key of an organization's name: equal keys, one organization. The key
// keeps the name's letters as written otherwise (case included), so it reads as a name.
func Key(name string) string {
	s := strings.Join(strings.Fields(norm.NFKC.String(name)), "")
	if m := english.FindStringSubmatchIndex(s); m != nil && m[0] > 0 && hasNonLatin(s[:m[0]]) {
		s = s[:m[0]]
	}
	for _, f := range legalForms {
		if t := strings.TrimPrefix(s, f); t != s && t != "" {
			s = t
			break
		}
	}
	for _, f := range legalForms {
		if t := strings.TrimSuffix(s, f); t != s && t != "" {
			s = t
			break
		}
	}
	return s
}

func hasNonLatin(s string) bool {
	for _, r := range s {
		if r > unicode.MaxLatin1 && unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
