package store

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

var allHints = []string{hintEmpty, hintStrong, hintCommon, hintPattern, hintDigits, hintOneClass, hintShort, hintGood, hintGoodMix}

func TestPassphraseStrength(t *testing.T) {
	for _, tc := range []struct {
		p     string
		score int
		hint  string
	}{
		{"", 0, hintEmpty},
		{"a", 0, hintShort},
		{"Tr0ub4dor&3", 2, hintShort},       // 11 characters
		{"mango river", 2, hintShort},       // 11 characters
		{"kettle umbrella", 3, hintGood},    // 12 or more
		{"Xk#9mP2$vL8q", 3, hintGood},       // 12 random characters
		{"blue mango river", 4, hintStrong}, // 16 or more
		{"cat dog pig cow", 4, hintStrong},  // four words
		{"correct horse battery staple", 4, hintStrong},
		{"wobbly-kettle-staircase", 4, hintStrong},
		{"Zażółć gęślą jaźń", 4, hintStrong}, // letters beyond ASCII count as letters
		{"Sunflower-Kettle-42", 3, hintGood},
		// one kind of character loses a point
		{"correcthorsebatterystaple", 3, hintGoodMix},
		{"WOBBLYKETTLESTAIR", 3, hintGoodMix},
		{"correcthorse", 2, hintOneClass},
		{"839201746352", 1, hintDigits},
		{"7305918264027391", 2, hintDigits}, // 16 digits: 4, less 2
		{"1111111111111111", 0, hintDigits},
		// common passwords and the clinic's own words
		{"password", 0, hintCommon},
		{"P@ssw0rd!", 0, hintCommon},
		{"Password123!", 0, hintCommon},
		{"passwordpassword", 0, hintCommon},
		{"letmein123", 0, hintCommon},
		{"qwertyuiop", 0, hintCommon},
		{"hunter2", 0, hintCommon},
		{"iloveyou", 0, hintCommon},
		{"physio2024", 0, hintCommon},
		{"Summer2025!", 0, hintCommon},
		{"pelvic floor clinic", 0, hintCommon},
		{"Pelvic-Floor-Clinic-2024", 1, hintCommon},
		{"Rhiannon1988", 2, hintCommon}, // a year counts as one character
		// repeats and sequences
		{"aaaaaaaaaaaaaaaa", 0, hintPattern},
		{"abcdefghijklmnop", 0, hintPattern},
		{"abcabcabcabcabc", 0, hintPattern},
		{"horse horse horse horse", 1, hintPattern},
		{"            ", 0, hintPattern},
		{"zyxwvutsrq987654", 0, hintPattern},
		// common words do not spoil an otherwise long passphrase
		{"My physio clinic is on Elm Street", 4, hintStrong},
	} {
		s := PassphraseStrength(tc.p)
		if s.Score != tc.score || s.Hint != tc.hint {
			t.Errorf("%q: score %d %q; want %d %q", tc.p, s.Score, s.Hint, tc.score, tc.hint)
		}
		if s.Acceptable != (s.Score >= MinPassphraseScore) {
			t.Errorf("%q: score %d but Acceptable %v", tc.p, s.Score, s.Acceptable)
		}
	}
}

func TestPassphraseStrengthAvoidingPersonalWords(t *testing.T) {
	avoid := []string{"Rhiannon Pritchard", "Bristol Pelvic Health", "RP"}
	for _, tc := range []struct {
		p            string
		plain, avoid int
	}{
		{"Rhiannon Pritchard 1988", 4, 0},
		{"rh1ann0n-pritchard", 4, 0},
		{"Bristol-Rhiannon!", 4, 0},
		{"correct horse battery staple", 4, 4}, // unrelated words keep their score
		{"rp rp rp rp rp rp", 0, 0},            // "RP" is too short to avoid, but repeats anyway
	} {
		if got := PassphraseStrength(tc.p).Score; got != tc.plain {
			t.Errorf("%q: score %d, want %d", tc.p, got, tc.plain)
		}
		if got := PassphraseStrengthAvoiding(tc.p, avoid...).Score; got != tc.avoid {
			t.Errorf("%q avoiding %v: score %d, want %d", tc.p, avoid, got, tc.avoid)
		}
	}
}

func TestPassphraseHintsAreOneShortSentence(t *testing.T) {
	for _, h := range allHints {
		if h == "" || !strings.HasSuffix(h, ".") || strings.Count(h, ". ") > 0 || utf8.RuneCountInString(h) > 140 {
			t.Errorf("hint %q is not one short sentence", h)
		}
		if first, _ := utf8.DecodeRuneInString(h); first < 'A' || first > 'Z' {
			t.Errorf("hint %q does not start with a capital", h)
		}
	}
}

func TestCommonPassphraseWordsList(t *testing.T) {
	if n := len(commonPassphraseWords); n < 90 || n > 200 {
		t.Errorf("%d common words; the brief asks for about 100", n)
	}
	seen := map[string]bool{}
	for _, w := range commonPassphraseWords {
		if w != strings.ToLower(w) || len(w) < 3 || seen[w] {
			t.Errorf("common word %q is not lower case, is too short or is repeated", w)
		}
		seen[w] = true
	}
	for _, w := range []string{"password", "letmein", "qwerty", "physio", "pelvic", "clinic", "123456"} {
		if !seen[w] {
			t.Errorf("%q missing from the common words", w)
		}
	}
}

func TestPassphraseStrengthLongInputIsBounded(t *testing.T) {
	// Judged on its first characters only, so typing stays quick.
	long := strings.Repeat("q", 10000)
	if s := PassphraseStrength(long); s.Score != 0 || s.Hint != hintPattern {
		t.Errorf("long repeat: %+v", s)
	}
	varied := "correct horse battery staple " + strings.Repeat("x", 10000)
	if s := PassphraseStrength(varied); s.Score != 4 {
		t.Errorf("long varied: %+v", s)
	}
}

func FuzzPassphraseStrength(f *testing.F) {
	for _, p := range []string{"", "password", "correct horse battery staple", "aaaa", "Zażółć", "\xff\xfe", "2024", "p4ssw0rd"} {
		f.Add(p, "Rhiannon Pritchard")
	}
	f.Fuzz(func(t *testing.T, p, avoid string) {
		s := PassphraseStrengthAvoiding(p, avoid)
		if s.Score < 0 || s.Score > 4 || s.Acceptable != (s.Score >= MinPassphraseScore) || !slices.Contains(allHints, s.Hint) {
			t.Fatalf("%q: %+v", p, s)
		}
		if (s.Score == 4) != (s.Hint == hintStrong) {
			t.Fatalf("%q: score %d with hint %q", p, s.Score, s.Hint)
		}
	})
}
