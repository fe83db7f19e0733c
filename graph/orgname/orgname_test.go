package orgname

import "testing"

func TestKey(t *testing.T) {
	for _, group := range [][]string{
		{"ABC株式会社", "ABC(株)", "ABC㈱", "ＡＢＣ株式会社", "ABC 株式会社", "ABC株式会社（ABC Inc.）", "株式会社ABC", "(株)ABC"},
		{"一般社団法人セキュアIoT協会", "(一社)セキュアIoT協会", "（一社）セキュアＩｏＴ協会", "セキュアIoT協会"},
		{"特定非営利活動法人日本ネットワークセキュリティ協会", "NPO法人 日本ネットワークセキュリティ協会", "(特非)日本ネットワークセキュリティ協会"},
		{"BSA ザ・ソフトウェア・アライアンス", "BSA ザ・ソフトウェア・アライアンス", "BSAザ・ソフトウェア・アライアンス"},
	} {
		want := Key(group[0])
		for _, name := range group[1:] {
			if got := Key(name); got != want {
				t.Errorf("Key(%q) = %q, want %q as for %q", name, got, want, group[0])
			}
		}
	}
	for _, pair := range [][2]string{
		{"ABC株式会社", "ABD株式会社"},
		{"株式会社", "有限会社"},                                     // a legal form alone is kept whole
		{"Amazon Web Services (AWS)", "Amazon Web Services"}, // no Japanese name to keep
		{"情報処理学会", "情報処理推進機構"},
	} {
		if Key(pair[0]) == Key(pair[1]) {
			t.Errorf("Key(%q) = Key(%q) = %q, want them apart", pair[0], pair[1], Key(pair[0]))
		}
	}
}
