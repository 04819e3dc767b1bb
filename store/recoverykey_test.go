package store

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// goldenSecret and goldenRecoveryKey pin the printed layout: keys already
// on paper must keep working.
var goldenSecret = func() []byte {
	s := make([]byte, 32)
	for i := range s {
		s[i] = byte(i*37 + 11)
	}
	return s
}()

const goldenRecoveryKey = "1CR5-AYMZ-RKMG-WCTR-FPHC-FV0H-6SDR-19EA-XWA3-JQM3-N36Z-45SW-C630-DZDZ"

var recoveryKeyShape = regexp.MustCompile(`^([0-9A-HJKMNP-TV-Z]{4}-){13}[0-9A-HJKMNP-TV-Z]{4}$`)

// canonicalRecovery is what a typed key means: separators gone, confusable
// letters read as digits, upper case.
func canonicalRecovery(s string) string {
	var b strings.Builder
	for _, r := range s {
		if isRecoverySeparator(r) {
			continue
		}
		if v, ok := recoverySymbol(r); ok {
			b.WriteByte(recoveryAlphabet[v])
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// hyphenate lays 56 canonical characters out in groups of 4.
func hyphenate(c string) string {
	var b strings.Builder
	for i, r := range c {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func TestRecoveryKeyFormatIsStable(t *testing.T) {
	if got := formatRecoveryKey(goldenSecret); got != goldenRecoveryKey {
		t.Errorf("format changed:\n got %s\nwant %s", got, goldenRecoveryKey)
	}
	got, err := ParseRecoveryKey(goldenRecoveryKey)
	if err != nil || !bytes.Equal(got, goldenSecret) {
		t.Errorf("golden key: %x, %v", got, err)
	}
	// The 256 bits read straight off the data groups, most significant first.
	if formatRecoveryKey(bytes.Repeat([]byte{0xff}, 32))[:5] != "ZZZZ-" {
		t.Error("data is not most significant bit first")
	}
	zero := formatRecoveryKey(make([]byte, 32))
	if zero != strings.Repeat("0000-", 13)+"0000" {
		t.Errorf("zero secret gives %s", zero)
	}
}

func TestRecoveryKeyRoundTrip(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		display, secret := NewRecoveryKey()
		if len(secret) != 32 {
			t.Fatalf("secret is %d bytes", len(secret))
		}
		if !recoveryKeyShape.MatchString(display) {
			t.Fatalf("key %q does not have the documented shape", display)
		}
		if c := display[63]; c != '0' && c != 'G' { // the 52nd character, end of group 13
			t.Fatalf("key %q: 52nd character %q, want 0 or G", display, c)
		}
		if seen[display] {
			t.Fatalf("key %s repeated", display)
		}
		seen[display] = true
		got, err := ParseRecoveryKey(display)
		if err != nil {
			t.Fatalf("%s: %v", display, err)
		}
		if !bytes.Equal(got, secret) {
			t.Fatalf("%s: parsed %x, want %x", display, got, secret)
		}
	}
}

func TestRecoveryChecksumField(t *testing.T) {
	pow := func(a uint32, n int) uint32 {
		r := uint32(1)
		for ; n > 0; n >>= 1 {
			if n&1 == 1 {
				r = gf15Mul(r, a)
			}
			a = gf15Mul(a, a)
		}
		return r
	}
	// x and the weight base both generate GF(2^15)* (order 2^15-1 = 7·31·151),
	// which also shows x^15+x+1 is irreducible, so the arithmetic is a field.
	for _, g := range []uint32{2, recoveryWeightBase} {
		if pow(g, 32767) != 1 {
			t.Errorf("%#x^32767 != 1", g)
		}
		for _, p := range []int{7, 31, 151} {
			if pow(g, 32767/p) == 1 {
				t.Errorf("%#x has order dividing 32767/%d", g, p)
			}
		}
	}
	seen := map[uint32]bool{}
	for i, w := range recoveryWeights {
		if w == 0 || w >= 1<<15 || seen[w] {
			t.Errorf("weight %d = %#x is zero, too big or repeated", i, w)
		}
		seen[w] = true
	}
}

func TestRecoveryKeyEverySingleTypoIsCaughtAndPlaced(t *testing.T) {
	for k := range 20 {
		display, _ := NewRecoveryKey()
		if k == 0 {
			display = goldenRecoveryKey
		}
		c := canonicalRecovery(display)
		for pos := range len(c) {
			group := pos/4 + 1
			for _, alt := range recoveryAlphabet {
				if byte(alt) == c[pos] {
					continue
				}
				typo := hyphenate(c[:pos] + string(alt) + c[pos+1:])
				got, err := ParseRecoveryKey(typo)
				var rk *RecoveryKeyError
				if !errors.As(err, &rk) {
					t.Fatalf("%s (char %d -> %c): got %x, err %v; want a RecoveryKeyError", typo, pos+1, alt, got, err)
				}
				if !slices.Equal(rk.Groups, []int{group}) || !strings.Contains(rk.Message, fmt.Sprintf("group %d", group)) || !strings.Contains(rk.Message, "mistyped") {
					t.Fatalf("%s (char %d -> %c): %q %v; want it to name group %d", typo, pos+1, alt, rk.Message, rk.Groups, group)
				}
			}
		}
	}
}

func TestRecoveryKeyNeighbourSwapIsCaught(t *testing.T) {
	exact, total := 0, 0
	for range 50 {
		display, _ := NewRecoveryKey()
		c := []byte(canonicalRecovery(display))
		for i := 0; i+1 < len(c); i++ {
			if c[i] == c[i+1] {
				continue
			}
			s := bytes.Clone(c)
			s[i], s[i+1] = s[i+1], s[i]
			_, err := ParseRecoveryKey(hyphenate(string(s)))
			var rk *RecoveryKeyError
			if !errors.As(err, &rk) {
				t.Fatalf("swap at %d of %s not caught: %v", i+1, display, err)
			}
			want := []int{i/4 + 1}
			if (i+1)/4+1 != want[0] {
				want = append(want, (i+1)/4+1)
			}
			total++
			if slices.Equal(rk.Groups, want) && strings.Contains(rk.Message, "swapped") {
				exact++
			} else if rk.Groups != nil && !(slices.Contains(rk.Groups, want[0]) && slices.Contains(rk.Groups, want[len(want)-1])) {
				t.Errorf("swap at %d: %q %v leaves out groups %v", i+1, rk.Message, rk.Groups, want)
			}
		}
	}
	// Other explanations (a typo in the check group) fit about one swap in a thousand.
	if exact < total*99/100 {
		t.Errorf("only %d of %d swaps named exactly", exact, total)
	}
}

func TestRecoveryKeyMissingOrExtraCharacterIsPlaced(t *testing.T) {
	cases, unplaced := 0, 0
	for k := range 10 {
		display, _ := NewRecoveryKey()
		if k == 0 {
			display = goldenRecoveryKey
		}
		c := canonicalRecovery(display)
		for p := range len(c) {
			group := p/4 + 1
			for _, tc := range []struct{ in, what string }{
				{c[:p] + c[p+1:], "1 character missing"},
				{c[:p] + "7" + c[p:], "1 character too many"},
			} {
				_, err := ParseRecoveryKey(tc.in)
				var rk *RecoveryKeyError
				if !errors.As(err, &rk) || !strings.HasPrefix(rk.Message, "the recovery key has "+tc.what) {
					t.Fatalf("%s: %v; want %q", tc.in, err, tc.what)
				}
				// Equal neighbours can make the place ambiguous by one group.
				if rk.Groups != nil && !slices.Contains(rk.Groups, group) {
					t.Errorf("%s: %q names %v, want group %d among them", tc.in, rk.Message, rk.Groups, group)
				}
				cases++
				if rk.Groups == nil {
					unplaced++ // the checksum cannot always tell where a character went
				}
			}
		}
	}
	// Random keys: almost every slip is placed; a rare one can only be counted.
	if unplaced*50 > cases {
		t.Errorf("%d of %d missing or extra characters were not placed in a group", unplaced, cases)
	}
}

func TestRecoveryKeyConfusablesAccepted(t *testing.T) {
	k := goldenRecoveryKey // has both 0 and 1
	for _, v := range []string{
		strings.ReplaceAll(k, "0", "O"),
		strings.ReplaceAll(k, "0", "o"),
		strings.ReplaceAll(k, "1", "I"),
		strings.ReplaceAll(k, "1", "i"),
		strings.ReplaceAll(k, "1", "L"),
		strings.ReplaceAll(k, "1", "l"),
		strings.ReplaceAll(strings.ReplaceAll(k, "1", "l"), "0", "O"),
	} {
		if v == k {
			t.Fatal("test key lacks 0 or 1")
		}
		got, err := ParseRecoveryKey(v)
		if err != nil || !bytes.Equal(got, goldenSecret) {
			t.Errorf("%s: %v", v, err)
		}
	}
}

func TestRecoveryKeySpacingAndCaseIgnored(t *testing.T) {
	k := goldenRecoveryKey
	c := canonicalRecovery(k)
	for _, v := range []string{
		strings.ToLower(k),
		c,
		strings.ToLower(c),
		strings.ReplaceAll(k, "-", " "),
		strings.ReplaceAll(k, "-", "  "),
		strings.ReplaceAll(k, "-", "–"), // en dash from a word processor
		strings.ReplaceAll(k, "-", "\u2010"),
		strings.ReplaceAll(k, "-", "\u00ad"), // soft hyphen
		"\ufeff" + strings.ReplaceAll(c, "R", "\u200bR"), // BOM and zero-width spaces
		"  " + k + " \n",
		k[:34] + "\n" + k[35:],           // two lines on paper
		k[:34] + "\r\n\t" + k[35:],       // pasted with a Windows line break
		"1c r5a-ymz rkm--gwctr" + k[19:], // separators anywhere
		strings.Join(strings.Split(c, ""), " "),
		strings.Join(strings.Split(c, ""), "-"),
	} {
		got, err := ParseRecoveryKey(v)
		if err != nil || !bytes.Equal(got, goldenSecret) {
			t.Errorf("%q: %v", v, err)
		}
	}
}

func TestParseRecoveryKeyErrors(t *testing.T) {
	k := goldenRecoveryKey
	c := canonicalRecovery(k)
	withGroupOf := func(base string, g int, text string) string { // replace group g (1-based)
		parts := strings.Split(base, "-")
		parts[g-1] = text
		return strings.Join(parts, "-")
	}
	withGroup := func(g int, text string) string { return withGroupOf(k, g, text) }
	padded := func() string { // valid checksum, but the unused bits are not zero
		syms := make([]byte, recoveryChars)
		for i := range recoveryDataChars {
			syms[i] = secretSymbol(goldenSecret, i)
		}
		syms[recoveryDataChars-1] |= 1
		check := recoveryCheck(syms)
		for j := range 4 {
			syms[recoveryDataChars+j] = byte(check >> (5 * (3 - j)) & 31)
		}
		var b strings.Builder
		for _, s := range syms {
			b.WriteByte(recoveryAlphabet[s])
		}
		return b.String()
	}()

	for _, tc := range []struct {
		name, in string
		want     string // the whole message, or a part of it when ending with …
		groups   []int
	}{
		{"empty", "", "please type the recovery key", nil},
		{"only separators", " - -\n", "please type the recovery key", nil},
		{"3 missing from one group", withGroup(5, "F"), "the recovery key has 3 characters missing, in group 5", []int{5}},
		{"missing from two groups", withGroupOf(withGroup(7, "6S"), 14, "DZD"), "the recovery key has 3 characters missing, in groups 7 and 14", []int{7, 14}},
		{"1 missing, no hyphens", c[:13] + c[14:], "the recovery key has 1 character missing, in group 4", []int{4}},
		{"1 missing from the end", c[:55], "the recovery key has 1 character missing, in group 14", []int{14}},
		{"3 missing, no hyphens", c[:3] + c[4:20] + c[22:], "the recovery key has 3 characters missing", nil},
		{"half a key", k[:30], "the recovery key has 32 characters missing", nil},
		{"1 too many", withGroup(9, "XWAA3"), "the recovery key has 1 character too many, in group 9", []int{9}},
		{"1 too many, no hyphens", c[:30] + "7" + c[30:], "the recovery key has 1 character too many, in group 8", []int{8}},
		{"2 too many at the end", k + "77", "the recovery key has 2 characters too many, in group 14", []int{14}},
		{"2 too many, no hyphens", c[:20] + "77" + c[20:], "the recovery key has 2 characters too many", nil},
		{"1 too many at the end, no hyphens", c + "0", "the recovery key has 1 character too many, in group 14", []int{14}},
		{"U past the end", c + "U", "group 14 has a ‘U’…", []int{14}},
		{"U", withGroup(3, "RKUG"), "group 3 has a ‘U’, which recovery keys never use (is it a V?)", []int{3}},
		{"u without hyphens", c[:41] + "u" + c[42:], "group 11 has a ‘u’, which recovery keys never use (is it a V?)", []int{11}},
		{"symbol", withGroup(2, "AY*Z"), "group 2 has a ‘*’, which recovery keys never use; they have only digits and capital letters", []int{2}},
		{"Cyrillic С", withGroup(1, "1СR5"), "group 1 has a ‘С’, which recovery keys never use…", []int{1}},
		{"control character", withGroup(6, "FV\x000H"), `group 6 has a '\x00', which recovery keys never use…`, []int{6}},
		{"two typos", hyphenate("Z" + c[1:40] + "Z" + c[41:]), "the recovery key does not add up…", nil},
		{"padding bits set", padded, "the recovery key does not add up…", nil},
		{"check group typo", withGroup(14, "DZD0"), "a character in the last group (group 14, the check group) is mistyped", []int{14}},
		{"swap across groups", hyphenate(c[:7] + c[8:9] + c[7:8] + c[9:]), "the last character of group 2 and the first of group 3 are swapped", []int{2, 3}},
		{"swap in group", hyphenate(c[:40] + c[41:42] + c[40:41] + c[42:]), "two neighbouring characters in group 11 are swapped", []int{11}},
		{"far too long", strings.Repeat(k, 20), "that is far too long to be a recovery key", nil},
	} {
		got, err := ParseRecoveryKey(tc.in)
		var rk *RecoveryKeyError
		if !errors.As(err, &rk) {
			t.Errorf("%s: got %x, err %v; want a RecoveryKeyError", tc.name, got, err)
			continue
		}
		if got != nil {
			t.Errorf("%s: secret returned with an error", tc.name)
		}
		if w, ok := strings.CutSuffix(tc.want, "…"); ok && !strings.HasPrefix(rk.Message, w) || !ok && rk.Message != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, rk.Message, tc.want)
		}
		if !slices.Equal(rk.Groups, tc.groups) {
			t.Errorf("%s: groups %v, want %v", tc.name, rk.Groups, tc.groups)
		}
	}
}

func FuzzParseRecoveryKey(f *testing.F) {
	c := canonicalRecovery(goldenRecoveryKey)
	for _, s := range []string{
		goldenRecoveryKey,
		strings.ToLower(goldenRecoveryKey),
		c,
		c[:55],
		c + "0",
		"Z" + c[1:],
		strings.ReplaceAll(goldenRecoveryKey, "0", "O"),
		strings.ReplaceAll(goldenRecoveryKey, "-", " – "),
		goldenRecoveryKey[:20] + "U" + goldenRecoveryKey[21:],
		"",
		"----",
		"\xff\xfe",
		strings.Repeat("0000-", 14),
		strings.Repeat("Z", 56),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		secret, err := ParseRecoveryKey(s)
		if err != nil {
			var rk *RecoveryKeyError
			if !errors.As(err, &rk) || rk.Message == "" || secret != nil {
				t.Fatalf("%q: %x, %#v", s, secret, err)
			}
			for _, g := range rk.Groups {
				if g < 1 || g > recoveryGroups {
					t.Fatalf("%q: group %d out of range", s, g)
				}
			}
			return
		}
		if len(secret) != 32 {
			t.Fatalf("%q: %d-byte secret", s, len(secret))
		}
		display := formatRecoveryKey(secret)
		if canonicalRecovery(display) != canonicalRecovery(s) {
			t.Fatalf("%q parsed, but formats back as %s", s, display)
		}
		again, err := ParseRecoveryKey(display)
		if err != nil || !bytes.Equal(again, secret) {
			t.Fatalf("%s: round trip %x, %v", display, again, err)
		}
	})
}
