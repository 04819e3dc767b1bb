package store

import (
	"slices"
	"strings"
	"unicode"
)

// MinPassphraseScore is the lowest PassphraseStrength score the setup and
// change-passphrase screens accept.
const MinPassphraseScore = 3

// Strength rates a passphrase for the setup screen's hint.
type Strength struct {
	Score      int    // 0 (trivial) to 4 (strong)
	Hint       string // one short sentence: what would make it stronger, or that it is strong
	Acceptable bool   // Score >= MinPassphraseScore
}

// Hints, one sentence each. They never quote the passphrase, so a Strength
// can be shown or logged without giving any of it away.
const (
	hintEmpty    = "Type a passphrase; three or four unrelated words make a good one."
	hintStrong   = "This is a strong passphrase."
	hintCommon   = "It contains something thieves try first, such as password, a year, a name or a word about the clinic; use unrelated words instead."
	hintPattern  = "Avoid repeated or sequential characters such as aaa, abcd or 1234."
	hintDigits   = "Numbers alone are easy to guess; use a few unrelated words instead."
	hintOneClass = "Make it longer, or put spaces between words and add a capital or a digit."
	hintShort    = "Make it longer: at least 12 characters, or three or four unrelated words."
	hintGood     = "Good; a fourth unrelated word would make it stronger."
	hintGoodMix  = "Good; spaces between words, a capital or a digit would make it stronger."
)

// maxPassphraseAnalysed bounds the work per keystroke; anything longer is judged on
// its first maxPassphraseAnalysed characters.
const maxPassphraseAnalysed = 128

// PassphraseStrength rates a passphrase from 0 to 4.
//
// Length matters most. Each character counts once, except that a common
// password or word (see commonPassphraseWords), a year, a run of repeated
// or sequential characters (aaaa, abcd, 4321) or a repeat of something
// earlier in the passphrase counts as one character in all. Twelve such
// characters give 3 (acceptable), sixteen or four distinct words give 4.
// A passphrase of only one kind of character (all small letters, all
// digits) loses a point, digits alone two.
func PassphraseStrength(p string) Strength { return PassphraseStrengthAvoiding(p) }

// PassphraseStrengthAvoiding is PassphraseStrength with more words that a
// thief would try first, such as the practitioner's names and the clinic's
// name: they count like common passwords. Words shorter than three
// letters are ignored.
func PassphraseStrengthAvoiding(p string, avoid ...string) Strength {
	var personal []string
	for _, a := range avoid {
		for _, w := range strings.FieldsFunc(strings.ToLower(a), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if len([]rune(w)) >= 3 {
				personal = append(personal, w)
			}
		}
	}
	runes := []rune(p)
	if len(runes) == 0 {
		return Strength{Hint: hintEmpty}
	}
	if len(runes) > maxPassphraseAnalysed {
		runes = runes[:maxPassphraseAnalysed]
	}
	lower := make([]rune, len(runes))
	leet := make([]rune, len(runes))
	for i, r := range runes {
		lower[i] = unicode.ToLower(r)
		leet[i] = lower[i]
		if l, ok := leetSpeak[lower[i]]; ok {
			leet[i] = l
		}
	}

	eff, common, patterned := 0, 0, 0
	for i := 0; i < len(lower); {
		k := 1
		if w := commonWordAt(lower, leet, i, personal); w > 0 {
			k = w
			common += w
		} else if y := yearAt(lower, i); y > 0 {
			k = y
			common += y
		} else if r := max(repeatAt(lower, i), runAt(lower, i)); r >= 3 {
			k = r
			patterned += r - 1
		}
		eff++
		i += k
	}

	var score int
	switch {
	case eff >= 16:
		score = 4
	case eff >= 12:
		score = 3
	case eff >= 8:
		score = 2
	case eff >= 6:
		score = 1
	}
	if score == 3 && passphraseWords(lower, personal) >= 4 {
		score = 4
	}
	classes, digitsOnly := passphraseClasses(runes)
	if classes == 1 {
		if digitsOnly {
			score -= 2
		} else {
			score--
		}
	}
	score = max(score, 0)

	var hint string
	switch {
	case score == 4:
		hint = hintStrong
	case digitsOnly:
		hint = hintDigits
	case common > 0 && score < MinPassphraseScore:
		hint = hintCommon
	case patterned >= 3 && score < MinPassphraseScore:
		hint = hintPattern
	case classes == 1 && score < MinPassphraseScore && len(runes) >= 12:
		hint = hintOneClass
	case score < MinPassphraseScore:
		hint = hintShort
	case classes == 1:
		hint = hintGoodMix
	default:
		hint = hintGood
	}
	return Strength{Score: score, Hint: hint, Acceptable: score >= MinPassphraseScore}
}

var leetSpeak = map[rune]rune{'0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', '$': 's', '!': 'i'}

// commonWordAt returns the length in runes of the longest common or
// personal word starting at i, as typed or read through leetspeak
// (p4ssw0rd), or 0.
func commonWordAt(lower, leet []rune, i int, personal []string) int {
	best := 0
	for _, list := range [][]string{commonPassphraseWords, personal} {
		for _, w := range list {
			if n, ok := hasPrefixRunes(lower[i:], w); ok && n > best {
				best = n
			} else if n, ok := hasPrefixRunes(leet[i:], w); ok && n > best {
				best = n
			}
		}
	}
	return best
}

// hasPrefixRunes reports whether rs starts with w, and w's length in runes.
func hasPrefixRunes(rs []rune, w string) (int, bool) {
	n := 0
	for _, r := range w {
		if n >= len(rs) || rs[n] != r {
			return 0, false
		}
		n++
	}
	return n, true
}

// yearAt returns 4 if a year from 1900 to 2099, not part of a longer
// number, starts at i, else 0.
func yearAt(rs []rune, i int) int {
	isDigit := func(j int) bool { return j >= 0 && j < len(rs) && '0' <= rs[j] && rs[j] <= '9' }
	if i+4 > len(rs) || isDigit(i-1) || isDigit(i+4) {
		return 0
	}
	for _, r := range rs[i : i+4] {
		if r < '0' || r > '9' {
			return 0
		}
	}
	if c := string(rs[i : i+2]); c != "19" && c != "20" {
		return 0
	}
	return 4
}

// repeatAt returns the length of the longest stretch starting at i that
// repeats text starting earlier (overlapping allowed).
func repeatAt(rs []rune, i int) int {
	best := 0
	for j := range i {
		n := 0
		for i+n < len(rs) && rs[j+n] == rs[i+n] {
			n++
		}
		best = max(best, n)
	}
	return best
}

// runAt returns the length of the run starting at i in which each character
// repeats the one before or steps by one (aaaa, abcd, 4321, …).
func runAt(rs []rune, i int) int {
	if i+1 >= len(rs) {
		return 1
	}
	step := rs[i+1] - rs[i]
	if step < -1 || step > 1 {
		return 1
	}
	if step != 0 && !(passphraseAlnum(rs[i]) && passphraseAlnum(rs[i+1])) {
		return 1
	}
	n := 2
	for i+n < len(rs) && rs[i+n]-rs[i+n-1] == step && (step == 0 || passphraseAlnum(rs[i+n])) {
		n++
	}
	return n
}

func passphraseAlnum(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// passphraseWords counts different words of three or more letters that are
// not common or personal words.
func passphraseWords(lower []rune, personal []string) int {
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(string(lower), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len([]rune(w)) >= 3 && !slices.Contains(commonPassphraseWords, w) && !slices.Contains(personal, w) {
			seen[w] = true
		}
	}
	return len(seen)
}

// passphraseClasses counts the kinds of character used: small letters (and
// letters without case), capitals, digits, anything else.
func passphraseClasses(rs []rune) (n int, digitsOnly bool) {
	var lower, upper, digit, other bool
	for _, r := range rs {
		switch {
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsLetter(r):
			lower = true
		case unicode.IsDigit(r):
			digit = true
		default:
			other = true
		}
	}
	for _, b := range []bool{lower, upper, digit, other} {
		if b {
			n++
		}
	}
	return n, n == 1 && digit
}

// commonPassphraseWords are the first guesses of anyone holding a stolen
// laptop: the most common passwords, keyboard rows, and words about the
// work of a pelvic-health clinic. Lower case, ASCII, three letters or more.
var commonPassphraseWords = []string{
	// most used passwords
	"password", "passw0rd", "passwort", "pass", "123456", "12345678", "123456789", "1234567890",
	"111111", "000000", "123123", "654321", "666666", "696969", "121212", "112233",
	"qwerty", "qwertyuiop", "asdfgh", "asdfghjkl", "zxcvbn", "qazwsx", "1q2w3e", "1qaz2wsx",
	"abc123", "letmein", "welcome", "admin", "administrator", "login", "changeme", "default",
	"secret", "master", "trustno1", "iloveyou", "love", "lovely", "hello", "whatever",
	"freedom", "access", "shadow", "monkey", "dragon", "sunshine", "princess", "superman",
	"batman", "starwars", "football", "baseball", "soccer", "hunter", "killer", "cheese",
	"flower", "cookie", "ginger", "pepper", "tigger", "buster", "charlie", "michael",
	"jessica", "jennifer", "daniel", "thomas", "ashley", "jordan", "computer", "internet",
	"summer", "winter", "spring", "autumn", "january", "monday", "friday", "london",
	"england", "liverpool", "arsenal", "chelsea", "mother", "family", "angel", "baby",
	// the clinic's own words
	"pelvic", "pelvis", "pelvicnotes", "floor", "physio", "physiotherapy", "physiotherapist",
	"clinic", "clinical", "patient", "patients", "health", "healthcare", "therapy", "therapist",
	"nurse", "doctor", "hospital", "nhs", "notes", "bladder", "continence", "pregnancy",
	"postnatal", "midwife", "kegel", "pilates", "womens", "women", "practice",
}
