package store

// Encryption at rest (DESIGN.md section 4): the building blocks only. The
// database code wraps encode/decode with Seal/OpenSealed and keeps KeySlots
// in the meta bucket; nothing here touches the file.
//
// A random data key encrypts every stored value with XChaCha20-Poly1305. The
// data key itself is stored only wrapped, in key slots: one per practitioner,
// under a key derived from their passphrase with Argon2id, and one under the
// recovery key that is printed once at setup.

import (
	"bytes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/chacha20poly1305"
)

var (
	// ErrWrongPassphrase means the secret does not open the key slot: a
	// mistyped passphrase or recovery key (or a slot altered in the file,
	// which cannot be told apart from a wrong passphrase).
	ErrWrongPassphrase = errors.New("that passphrase is not right for this practitioner; check Caps Lock and try again")
	// ErrTampered means a stored value failed its integrity check.
	ErrTampered = errors.New("a record in the file has been altered or moved and cannot be read")
	// ErrDamagedSlot means a key slot read from the file is malformed, so no
	// passphrase could open it. Errors wrapping it say what is wrong.
	ErrDamagedSlot = errors.New("a key slot in the record file is damaged and cannot unlock it; use another practitioner's passphrase or the recovery key")
)

// KDFParams are Argon2id parameters, stored with each key slot.
type KDFParams struct {
	Time      uint32 `json:"t"` // passes over memory
	MemoryKiB uint32 `json:"m"` // memory in KiB
	Threads   uint8  `json:"p"` // lanes
}

var (
	// StrongKDF is what the app uses: the OWASP recommendation for Argon2id
	// (RFC 9106's second choice). Unlocking with it takes 0.2–0.3 s in a
	// fresh process on a two-core machine, under 0.1 s when repeated.
	StrongKDF = KDFParams{Time: 3, MemoryKiB: 64 * 1024, Threads: 4}
	// TestKDF is for tests only: cheap, and far too weak for real passphrases.
	TestKDF = KDFParams{Time: 1, MemoryKiB: 1024, Threads: 1}
)

// Limits on KDF parameters read from a file, so that a tampered slot cannot
// make unlocking hang or exhaust memory. Memory stops at 1 GiB, which a
// clinic laptop with 8 GB can spare, and time × memory at 4 GiB, about
// twenty times StrongKDF (5–9 s on a two-core machine), leaving room to
// strengthen the default later.
const (
	kdfMinTime      = 1
	kdfMaxTime      = 10
	kdfMinMemoryKiB = 1024            // 1 MiB
	kdfMaxMemoryKiB = 1024 * 1024     // 1 GiB
	kdfMaxWorkKiB   = 4 * 1024 * 1024 // Time × MemoryKiB: e.g. 4 passes over 1 GiB
	kdfMinThreads   = 1
	kdfMaxThreads   = 64
)

// validate refuses parameters that no PelvicNotes build writes: too weak to
// be real, or costly enough to hang or crash the app.
func (p KDFParams) validate() error {
	switch {
	case p.Time < kdfMinTime || p.Time > kdfMaxTime:
		return fmt.Errorf("its key-derivation time cost %d is outside %d–%d", p.Time, kdfMinTime, kdfMaxTime)
	case p.MemoryKiB < kdfMinMemoryKiB || p.MemoryKiB > kdfMaxMemoryKiB:
		return fmt.Errorf("its key-derivation memory %d KiB is outside %d–%d KiB", p.MemoryKiB, kdfMinMemoryKiB, kdfMaxMemoryKiB)
	case uint64(p.Time)*uint64(p.MemoryKiB) > kdfMaxWorkKiB:
		return fmt.Errorf("its key derivation would take too long (time %d × memory %d KiB)", p.Time, p.MemoryKiB)
	case p.Threads < kdfMinThreads || p.Threads > kdfMaxThreads:
		return fmt.Errorf("its key-derivation thread count %d is outside %d–%d", p.Threads, kdfMinThreads, kdfMaxThreads)
	}
	return nil
}

// kdfRuns counts Argon2id derivations, so tests can show that a damaged
// slot is refused before any derivation starts.
var kdfRuns atomic.Int64

// deriveKEK derives a key-encryption key; p must have been validated.
func deriveKEK(secret, salt []byte, p KDFParams) []byte {
	kdfRuns.Add(1)
	return argon2.IDKey(secret, salt, p.Time, p.MemoryKiB, p.Threads, chacha20poly1305.KeySize)
}

// DataKeySize is the length of the data key in bytes.
const DataKeySize = 32

// NewDataKey returns a fresh random data key.
func NewDataKey() []byte {
	k := make([]byte, DataKeySize)
	rand.Read(k) // never fails (it crashes the program if the OS has no randomness)
	return k
}

// SlotKind says which secret wraps a key slot.
type SlotKind string

const (
	SlotPractitioner SlotKind = "practitioner" // a practitioner's passphrase
	SlotRecovery     SlotKind = "recovery"     // the printed recovery key
)

const (
	slotIDLen     = 16 // hex digits
	slotSaltSize  = 16
	slotAD        = "pelvicnotes slot v1"
	wrappedKeyLen = DataKeySize + chacha20poly1305.Overhead
)

// KeySlot is the data key wrapped by a secret (a passphrase or the recovery
// key). It is stored as JSON in the meta bucket, in plaintext: it holds
// nothing about patients.
type KeySlot struct {
	ID             string    `json:"id"` // random 16 hex digits
	Kind           SlotKind  `json:"kind"`
	PractitionerID string    `json:"practitioner,omitempty"` // random record ID, not a name
	Label          string    `json:"label,omitempty"`        // what the unlock screen shows (the practitioner's display name)
	KDF            KDFParams `json:"kdf"`
	Salt           []byte    `json:"salt"`    // 16 random bytes
	Nonce          []byte    `json:"nonce"`   // 24 bytes
	Wrapped        []byte    `json:"wrapped"` // XChaCha20-Poly1305(kek, dataKey), AD = "pelvicnotes slot v1" + ID + Kind
	Created        time.Time `json:"created"` // when this wrapping was made (a Rewrap renews it)
}

// NewKeySlot derives a key-encryption key from secret with Argon2id (fresh
// salt) and wraps dataKey under it.
func NewKeySlot(kind SlotKind, practitionerID, label string, secret []byte, dataKey []byte, kdf KDFParams, now time.Time) (KeySlot, error) {
	if kind != SlotPractitioner && kind != SlotRecovery {
		return KeySlot{}, fmt.Errorf("unknown key slot kind %q", kind)
	}
	s := KeySlot{ID: newSlotID(), Kind: kind, PractitionerID: practitionerID, Label: label}
	return s.wrap(secret, dataKey, kdf, now)
}

// wrap fills in KDF, Salt, Nonce, Wrapped and Created for s's ID and Kind.
func (s KeySlot) wrap(secret, dataKey []byte, kdf KDFParams, now time.Time) (KeySlot, error) {
	if len(secret) == 0 {
		return KeySlot{}, errors.New("a passphrase is needed")
	}
	if len(dataKey) != DataKeySize {
		return KeySlot{}, fmt.Errorf("the data key must be %d bytes, not %d", DataKeySize, len(dataKey))
	}
	if err := kdf.validate(); err != nil {
		return KeySlot{}, fmt.Errorf("key slot settings refused: %w", err)
	}
	s.KDF = kdf
	s.Salt = make([]byte, slotSaltSize)
	rand.Read(s.Salt)
	s.Nonce = make([]byte, chacha20poly1305.NonceSizeX)
	rand.Read(s.Nonce)
	kek := deriveKEK(secret, s.Salt, kdf)
	defer clear(kek)
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return KeySlot{}, err
	}
	s.Wrapped = aead.Seal(nil, s.Nonce, dataKey, s.ad())
	s.Created = now.UTC().Round(0)
	return s, nil
}

// Unwrap returns the data key. A wrong secret gives ErrWrongPassphrase; a
// malformed slot gives an error wrapping ErrDamagedSlot, before any slow
// key derivation starts.
func (s KeySlot) Unwrap(secret []byte) ([]byte, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if len(secret) == 0 {
		return nil, ErrWrongPassphrase
	}
	kek := deriveKEK(secret, s.Salt, s.KDF)
	defer clear(kek)
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return nil, err
	}
	key, err := aead.Open(nil, s.Nonce, s.Wrapped, s.ad())
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	return key, nil
}

// Rewrap returns a copy of the slot wrapping the same data key under
// newSecret, with a fresh salt and nonce and kdf, after checking oldSecret.
// ID, Kind, PractitionerID and Label are kept, so the copy replaces the
// original in place; Created becomes now. Used for "change passphrase".
func (s KeySlot) Rewrap(oldSecret, newSecret []byte, kdf KDFParams, now time.Time) (KeySlot, error) {
	dataKey, err := s.Unwrap(oldSecret)
	if err != nil {
		return KeySlot{}, err
	}
	defer clear(dataKey)
	return s.wrap(newSecret, dataKey, kdf, now)
}

// check refuses a slot that no PelvicNotes build writes.
func (s KeySlot) check() error {
	damaged := func(what string) error { return fmt.Errorf("%w (%s)", ErrDamagedSlot, what) }
	if !isSlotID(s.ID) {
		return damaged("its identifier is malformed")
	}
	if s.Kind != SlotPractitioner && s.Kind != SlotRecovery {
		return damaged("its kind is unknown")
	}
	if err := s.KDF.validate(); err != nil {
		return damaged(err.Error())
	}
	if len(s.Salt) != slotSaltSize {
		return damaged("its salt has the wrong length")
	}
	if len(s.Nonce) != chacha20poly1305.NonceSizeX {
		return damaged("its nonce has the wrong length")
	}
	if len(s.Wrapped) != wrappedKeyLen {
		return damaged("its wrapped key has the wrong length")
	}
	return nil
}

// ad binds the wrapped key to its slot: moving it to another slot or
// changing the slot's kind makes it fail to open. The ID has a fixed
// length, so the concatenation is unambiguous.
func (s KeySlot) ad() []byte {
	return []byte(slotAD + s.ID + string(s.Kind))
}

func newSlotID() string {
	var b [slotIDLen / 2]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func isSlotID(id string) bool {
	if len(id) != slotIDLen {
		return false
	}
	for _, c := range []byte(id) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// sealVersion is the first byte of every sealed value.
const sealVersion = 1

// sealOverhead is how much longer a sealed value is than its plaintext.
const sealOverhead = 1 + chacha20poly1305.NonceSizeX + chacha20poly1305.Overhead

// Seal encrypts one stored value with XChaCha20-Poly1305 and a fresh random
// 24-byte nonce. The associated data binds it to its place: bucket name, a 0
// byte, then the key. Output: version byte 1 | nonce | ciphertext and tag.
// Bucket names must not contain a 0 byte (that keeps the binding unambiguous).
func Seal(dataKey, bucket, key, plaintext []byte) ([]byte, error) {
	aead, err := valueAEAD(dataKey, bucket)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 1+chacha20poly1305.NonceSizeX, sealOverhead+len(plaintext))
	out[0] = sealVersion
	nonce := out[1:]
	rand.Read(nonce)
	return aead.Seal(out, nonce, plaintext, valueAD(bucket, key)), nil
}

// OpenSealed reverses Seal. It returns ErrTampered if the value was changed,
// truncated, has an unknown version byte, was sealed under another data key,
// or was copied to another bucket or key. The result never shares memory
// with sealed.
func OpenSealed(dataKey, bucket, key, sealed []byte) ([]byte, error) {
	aead, err := valueAEAD(dataKey, bucket)
	if err != nil {
		return nil, err
	}
	if len(sealed) < sealOverhead || sealed[0] != sealVersion {
		return nil, ErrTampered
	}
	nonce := sealed[1 : 1+chacha20poly1305.NonceSizeX]
	plain, err := aead.Open(nil, nonce, sealed[1+chacha20poly1305.NonceSizeX:], valueAD(bucket, key))
	if err != nil {
		return nil, ErrTampered
	}
	if plain == nil {
		plain = []byte{}
	}
	return plain, nil
}

func valueAEAD(dataKey, bucket []byte) (cipher.AEAD, error) {
	if len(dataKey) != DataKeySize {
		return nil, fmt.Errorf("the data key must be %d bytes, not %d", DataKeySize, len(dataKey))
	}
	if bytes.IndexByte(bucket, 0) >= 0 {
		return nil, fmt.Errorf("bucket name %q contains a 0 byte", bucket)
	}
	return chacha20poly1305.NewX(dataKey)
}

func valueAD(bucket, key []byte) []byte {
	ad := make([]byte, 0, len(bucket)+1+len(key))
	ad = append(ad, bucket...)
	ad = append(ad, 0)
	return append(ad, key...)
}
