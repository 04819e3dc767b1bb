package store

import (
	"crypto/rand"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// The recovery key is 256 random bits that unlock the record file when every
// practitioner's passphrase is lost. It is shown once at setup, printed and
// kept on paper, so it is written for people:
//
//	1CR5-AYMZ-RKMG-WCTR-FPHC-FV0H-6SDR-19EA-XWA3-JQM3-N36Z-45SW-C630-DZDZ
//	\_________________________ groups 1–13: data _____________________/ check
//
//   - 14 groups of 4 characters from Crockford's base32 alphabet
//     0123456789ABCDEFGHJKMNPQRSTVWXYZ (no I, L, O or U), 56 in all.
//   - Groups 1–13 (52 characters, 260 bits) hold the 256 bits, most
//     significant first; the last 4 bits are zero, so the 52nd character
//     (the end of group 13) is always 0 or G.
//   - Group 14 is a checksum over the 52 data characters d₀…d₅₁: its first
//     character is their XOR, the other three the 15-bit sum Σ dᵢ·hⁱ⁺¹ in
//     GF(2¹⁵) = GF(2)[x]/(x¹⁵+x+1), h = 0x1234. Every single mistyped
//     character and every swap of two neighbouring characters is caught
//     before the slow key derivation starts, and a single mistyped
//     character is always placed in its group. Other mistakes slip through
//     about once in a million tries, and then fail as a wrong key.
//
// When it is typed back, case, spaces and hyphens do not matter, and O is
// read as 0, I and L as 1.
//
// This layout is printed on paper kept for years: never change it.

const (
	recoveryAlphabet   = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	recoverySecretSize = 32
	recoveryDataChars  = 52 // ceil(256 / 5)
	recoveryCheckChars = 4
	recoveryChars      = recoveryDataChars + recoveryCheckChars
	recoveryGroupSize  = 4
	recoveryGroups     = recoveryChars / recoveryGroupSize // 14
	recoveryPadMask    = 0x0f                              // unused low bits of the last data character
	gf15Poly           = 1<<15 | 1<<1 | 1                  // x¹⁵ + x + 1, primitive
	recoveryWeightBase = 0x1234                            // a generator of GF(2¹⁵)*
)

// recoveryWeights[i] = hⁱ⁺¹ in GF(2¹⁵), h = recoveryWeightBase: distinct
// and non-zero, so a single wrong character changes the checksum in a way
// that gives its position away. h generates the whole multiplicative group
// and its powers are dense bit patterns (unlike powers of x), so a swap of
// neighbours is hardly ever mistaken for a typo in the check group.
var recoveryWeights = func() (w [recoveryDataChars]uint32) {
	v := uint32(1)
	for i := range w {
		v = gf15Mul(v, recoveryWeightBase)
		w[i] = v
	}
	return w
}()

// gf15Mul multiplies in GF(2¹⁵).
func gf15Mul(a, b uint32) uint32 {
	var p uint32
	for ; b != 0; b >>= 1 {
		if b&1 != 0 {
			p ^= a
		}
		a <<= 1
		if a&(1<<15) != 0 {
			a ^= gf15Poly
		}
	}
	return p
}

// NewRecoveryKey returns 256 random bits, used directly as the Argon2id
// secret of the recovery slot, and the same bits formatted to be written
// down (see the layout above).
func NewRecoveryKey() (display string, secret []byte) {
	secret = make([]byte, recoverySecretSize)
	rand.Read(secret)
	return formatRecoveryKey(secret), secret
}

// formatRecoveryKey lays out a 32-byte secret as a recovery key.
func formatRecoveryKey(secret []byte) string {
	if len(secret) != recoverySecretSize {
		panic("store: recovery secret must be 32 bytes")
	}
	syms := make([]byte, recoveryChars)
	for i := range recoveryDataChars {
		syms[i] = secretSymbol(secret, i)
	}
	check := recoveryCheck(syms)
	for k := range recoveryCheckChars {
		syms[recoveryDataChars+k] = byte(check >> (5 * (recoveryCheckChars - 1 - k)) & 31)
	}
	var b strings.Builder
	for i, s := range syms {
		if i > 0 && i%recoveryGroupSize == 0 {
			b.WriteByte('-')
		}
		b.WriteByte(recoveryAlphabet[s])
	}
	return b.String()
}

// secretSymbol returns the 5 bits of secret starting at bit 5i (bits past
// the end read as zero).
func secretSymbol(secret []byte, i int) byte {
	var v byte
	for j := range 5 {
		bit := 5*i + j
		v <<= 1
		if bit < 8*len(secret) && secret[bit/8]&(0x80>>(bit%8)) != 0 {
			v |= 1
		}
	}
	return v
}

// recoveryCheck computes the 20-bit checksum of the data symbols in syms.
func recoveryCheck(syms []byte) uint32 {
	var x, s uint32
	for i, d := range syms[:recoveryDataChars] {
		x ^= uint32(d)
		s ^= gf15Mul(uint32(d), recoveryWeights[i])
	}
	return x<<15 | s
}

// typedCheck is the checksum as typed in the last group.
func typedCheck(syms []byte) uint32 {
	var c uint32
	for _, d := range syms[recoveryDataChars:] {
		c = c<<5 | uint32(d)
	}
	return c
}

// recoveryValid reports whether 56 symbols form a recovery key.
func recoveryValid(syms []byte) bool {
	return len(syms) == recoveryChars &&
		recoveryCheck(syms) == typedCheck(syms) &&
		syms[recoveryDataChars-1]&recoveryPadMask == 0
}

// RecoveryKeyError says what is wrong with a typed recovery key.
type RecoveryKeyError struct {
	// Groups are the groups (1–14, as printed) the mistake is in, when that
	// can be told; the unlock screen may highlight them.
	Groups  []int
	Message string
}

func (e *RecoveryKeyError) Error() string { return e.Message }

func recoveryErr(groups []int, format string, args ...any) error {
	return &RecoveryKeyError{Groups: groups, Message: fmt.Sprintf(format, args...)}
}

// maxRecoveryInput bounds what ParseRecoveryKey will look at.
const maxRecoveryInput = 1000

// ParseRecoveryKey reads a recovery key as a person types it back: any case,
// spaces or hyphens anywhere, O for 0 and I or L for 1. It returns the
// 32-byte secret, or a *RecoveryKeyError saying as exactly as the checksum
// allows what is wrong: characters missing or too many, a character that is
// never used, or the group holding a mistyped or swapped character.
func ParseRecoveryKey(s string) ([]byte, error) {
	if len(s) > maxRecoveryInput {
		return nil, recoveryErr(nil, "that is far too long to be a recovery key")
	}
	var (
		syms       []byte
		groupSizes []int
		inGroup    bool
	)
	for _, r := range s {
		if isRecoverySeparator(r) {
			inGroup = false
			continue
		}
		if !inGroup {
			groupSizes = append(groupSizes, 0)
			inGroup = true
		}
		g := len(groupSizes) - 1
		groupSizes[g]++
		sym, ok := recoverySymbol(r)
		if !ok {
			where := min(len(syms)/recoveryGroupSize+1, recoveryGroups)
			if len(groupSizes) == recoveryGroups {
				where = g + 1
			}
			what := "‘" + string(r) + "’"
			if !unicode.IsPrint(r) {
				what = strconv.QuoteRune(r)
			}
			if r == 'U' || r == 'u' {
				return nil, recoveryErr([]int{where}, "group %d has a %s, which recovery keys never use (is it a V?)", where, what)
			}
			return nil, recoveryErr([]int{where}, "group %d has a %s, which recovery keys never use; they have only digits and capital letters", where, what)
		}
		syms = append(syms, sym)
	}
	switch n := len(syms); {
	case n == 0:
		return nil, recoveryErr(nil, "please type the recovery key")
	case n < recoveryChars:
		return nil, recoveryLengthErr(syms, groupSizes, recoveryChars-n, "missing")
	case n > recoveryChars:
		return nil, recoveryLengthErr(syms, groupSizes, n-recoveryChars, "too many")
	}
	if !recoveryValid(syms) {
		return nil, recoveryMistypedErr(syms)
	}
	secret := make([]byte, recoverySecretSize)
	for i := range recoveryDataChars {
		for j := range 5 {
			bit := 5*i + j
			if bit < 8*recoverySecretSize && syms[i]&(0x10>>j) != 0 {
				secret[bit/8] |= 0x80 >> (bit % 8)
			}
		}
	}
	return secret, nil
}

// isRecoverySeparator is true for spaces, hyphens and dashes, and for the
// invisible characters that copying from a document brings along (soft
// hyphens, zero-width spaces, byte-order marks).
func isRecoverySeparator(r rune) bool {
	switch r {
	case '-', '‐', '‑', '‒', '–', '—', '−':
		return true
	}
	return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r)
}

// recoverySymbol maps a typed character to its 5-bit value.
func recoverySymbol(r rune) (byte, bool) {
	if r > unicode.MaxASCII {
		return 0, false
	}
	c := byte(unicode.ToUpper(r))
	switch c {
	case 'O':
		c = '0'
	case 'I', 'L':
		c = '1'
	}
	i := strings.IndexByte(recoveryAlphabet, c)
	return byte(i), i >= 0
}

func recoveryPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// recoveryLengthErr explains a key with count characters missing or too
// many. When the person kept the 14 groups, the groups of the wrong size
// say where; when one character is off, trying every insertion or deletion
// against the checksum usually does.
func recoveryLengthErr(syms []byte, groupSizes []int, count int, missingOrExtra string) error {
	what := "the recovery key has " + recoveryPlural(count, "character ", "characters ") + missingOrExtra
	if len(groupSizes) == recoveryGroups {
		var groups []int
		off := 0
		for g, n := range groupSizes {
			if n != recoveryGroupSize {
				groups = append(groups, g+1)
				off += recoveryAbs(n - recoveryGroupSize)
			}
		}
		if off == count {
			return recoveryErr(groups, "%s, in %s", what, recoveryGroupList(groups, "and"))
		}
	}
	if count == 1 {
		var groups []int
		if missingOrExtra == "missing" {
			cand := make([]byte, recoveryChars)
			for p := 0; p <= len(syms); p++ {
				copy(cand, syms[:p])
				copy(cand[p+1:], syms[p:])
				cand[p] = 0
				lo, hi := byte(0), byte(31)
				if p < recoveryDataChars {
					// The XOR in the check group fixes the missing data character.
					lo = byte((recoveryCheck(cand) ^ typedCheck(cand)) >> 15)
					hi = lo
				}
				for v := lo; v <= hi; v++ {
					cand[p] = v
					if recoveryValid(cand) {
						groups = recoveryAddGroup(groups, recoveryGroupOf(p))
						break
					}
				}
			}
		} else {
			cand := make([]byte, recoveryChars)
			for p := range syms {
				copy(cand, syms[:p])
				copy(cand[p:], syms[p+1:])
				if recoveryValid(cand) {
					groups = recoveryAddGroup(groups, recoveryGroupOf(p))
				}
			}
		}
		if len(groups) > 0 && len(groups) <= 2 {
			return recoveryErr(groups, "%s, in %s", what, recoveryGroupList(groups, "or"))
		}
	}
	return recoveryErr(nil, "%s", what)
}

// recoveryMistypedErr explains a key of the right length whose checksum
// fails, by finding every single mistyped character and every swap of
// neighbours that would make it right.
func recoveryMistypedErr(syms []byte) error {
	d := recoveryCheck(syms) ^ typedCheck(syms)
	padOK := syms[recoveryDataChars-1]&recoveryPadMask == 0
	var typoGroups, swapGroups []int
	group := recoveryGroupOf

	// One mistyped data character at i, off by e, changes the checksum by
	// e<<15 | e·xⁱ; the XOR part fixes e, so the position follows.
	if e := d >> 15; e != 0 {
		for i, w := range recoveryWeights {
			fixedPad := padOK
			if i == recoveryDataChars-1 {
				fixedPad = (syms[i]^byte(e))&recoveryPadMask == 0
			}
			if gf15Mul(e, w) == d&0x7fff && fixedPad {
				typoGroups = recoveryAddGroup(typoGroups, group(i))
			}
		}
	}
	// One mistyped check character: the difference lies within its 5 bits.
	for k := range recoveryCheckChars {
		shift := 5 * (recoveryCheckChars - 1 - k)
		if d != 0 && d&^(31<<shift) == 0 && padOK {
			typoGroups = recoveryAddGroup(typoGroups, group(recoveryDataChars+k))
		}
	}
	// Two neighbours swapped. Among the data characters, swapping dᵢ and
	// dᵢ₊₁ leaves the XOR alone and changes the sum by (dᵢ⊕dᵢ₊₁)·(wᵢ⊕wᵢ₊₁);
	// swaps touching the check group are simply tried.
	var cand []byte
	for i := 0; i+1 < len(syms); i++ {
		x := syms[i] ^ syms[i+1]
		if x == 0 {
			continue
		}
		var ok bool
		if i+1 < recoveryDataChars-1 {
			ok = padOK && d == gf15Mul(uint32(x), recoveryWeights[i]^recoveryWeights[i+1])
		} else {
			cand = append(cand[:0], syms...)
			cand[i], cand[i+1] = cand[i+1], cand[i]
			ok = recoveryValid(cand)
		}
		if ok {
			swapGroups = recoveryAddGroup(recoveryAddGroup(swapGroups, group(i)), group(i+1))
		}
	}

	all := typoGroups
	for _, g := range swapGroups {
		all = recoveryAddGroup(all, g)
	}
	switch {
	case len(typoGroups) == 1 && len(swapGroups) == 0:
		g := typoGroups[0]
		if g == recoveryGroups {
			return recoveryErr(all, "a character in the last group (group %d, the check group) is mistyped", g)
		}
		return recoveryErr(all, "a character in group %d is mistyped", g)
	case len(typoGroups) == 0 && len(swapGroups) == 1:
		return recoveryErr(all, "two neighbouring characters in group %d are swapped", swapGroups[0])
	case len(typoGroups) == 0 && len(swapGroups) == 2 && swapGroups[1] == swapGroups[0]+1:
		return recoveryErr(all, "the last character of group %d and the first of group %d are swapped", swapGroups[0], swapGroups[1])
	case len(all) > 0 && len(all) <= 3:
		return recoveryErr(all, "the recovery key does not add up: look again at %s", recoveryGroupList(all, "and"))
	}
	return recoveryErr(nil, "the recovery key does not add up: more than one character is mistyped; compare it with the printed copy again")
}

// recoveryGroupOf is the printed group (1–14) of character p (0-based);
// anything typed past the end counts as the last group.
func recoveryGroupOf(p int) int {
	return min(p/recoveryGroupSize+1, recoveryGroups)
}

// recoveryAddGroup adds g to the sorted set gs.
func recoveryAddGroup(gs []int, g int) []int {
	for i, x := range gs {
		if x == g {
			return gs
		}
		if x > g {
			return append(gs[:i], append([]int{g}, gs[i:]...)...)
		}
	}
	return append(gs, g)
}

// recoveryGroupList writes "group 4", "groups 4 and 9", "groups 3, 4 and 9".
func recoveryGroupList(gs []int, and string) string {
	if len(gs) == 1 {
		return "group " + strconv.Itoa(gs[0])
	}
	parts := make([]string, len(gs))
	for i, g := range gs {
		parts[i] = strconv.Itoa(g)
	}
	return "groups " + strings.Join(parts[:len(parts)-1], ", ") + " " + and + " " + parts[len(parts)-1]
}

func recoveryAbs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
