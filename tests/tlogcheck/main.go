// tlogcheck: an independent checker of a starmark transparency log, written
// against Go's golang.org/x/mod/sumdb/note and golang.org/x/mod/sumdb/tlog
// (Debian's golang-golang-x-mod-dev), for tests/cli/tlog.sh. It shares no
// code with starmark: it reads the C2SP formats itself.
//
//	tlogcheck vkey LOG.pub.jwk                 the log's verifier key, from its JWK
//	tlogcheck entries VKEY LOGDIR              every entry of the bundles is in the
//	                                           checkpoint's tree (tlog.CheckRecord)
//	tlogcheck consistency VKEY OLD LOGDIR      the old checkpoint's tree is a prefix of
//	                                           LOGDIR's (tlog.CheckTree)
//	tlogcheck cosignature WITNESS_VKEY FILE    the witness cosigned the checkpoint
//	tlogcheck proof VKEY PROOF ENTRY           a tlog-proof of the entry's bytes
//
// Build (offline): GO111MODULE=off GOPATH=/usr/share/gocode go build
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func fatal(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "tlogcheck: "+format+"\n", args...)
	os.Exit(1)
}

// logVkey derives the log's verifier key from its public JWK: the key's
// name is the log's origin.
func logVkey(path string) string {
	var jwk struct{ X, Name string }
	data, err := os.ReadFile(path)
	if err == nil {
		err = json.Unmarshal(data, &jwk)
	}
	if err != nil {
		fatal("%s: %v", path, err)
	}
	key, err := base64.RawURLEncoding.DecodeString(jwk.X)
	if err != nil || len(key) != ed25519.PublicKeySize {
		fatal("%s: x is not an Ed25519 key", path)
	}
	vkey, err := note.NewEd25519VerifierKey(jwk.Name, ed25519.PublicKey(key))
	if err != nil {
		fatal("%v", err)
	}
	return vkey
}

// openCheckpoint opens a signed checkpoint with the log's key and reads
// its three lines (tlog.ParseTree knows only the go.sum origin).
func openCheckpoint(vkey string, data []byte) (string, tlog.Tree) {
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		fatal("%v", err)
	}
	n, err := note.Open(data, note.VerifierList(verifier))
	if err != nil {
		fatal("checkpoint: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) != 4 || lines[3] != "" {
		fatal("checkpoint: not three lines")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || strconv.FormatInt(size, 10) != lines[1] {
		fatal("checkpoint: bad size %q", lines[1])
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != tlog.HashSize {
		fatal("checkpoint: bad root hash")
	}
	var tree tlog.Tree
	tree.N = size
	copy(tree.Hash[:], root)
	return lines[0], tree
}

// tiles reads C2SP tiles: Go's tile paths carry the height (tile/8/L/N)
// and call bundles "data"; C2SP's do not, and call them "entries".
type tiles struct{ dir string }

func (t tiles) Height() int { return 8 }

func c2spPath(tile tlog.Tile) string {
	path := strings.Replace(tile.Path(), "tile/8/", "tile/", 1)
	return strings.Replace(path, "tile/data/", "tile/entries/", 1)
}

func (t tiles) ReadTiles(list []tlog.Tile) ([][]byte, error) {
	data := make([][]byte, len(list))
	for i, tile := range list {
		bytes, err := os.ReadFile(filepath.Join(t.dir, c2spPath(tile)))
		if err != nil {
			return nil, err
		}
		if len(bytes) != tile.W*tlog.HashSize {
			return nil, fmt.Errorf("%s: %d bytes, not %d hashes", c2spPath(tile), len(bytes), tile.W)
		}
		data[i] = bytes
	}
	return data, nil
}

func (t tiles) SaveTiles([]tlog.Tile, [][]byte) {}

func readFile(path string) []byte {
	data, err := os.ReadFile(path)
	if err != nil {
		fatal("%v", err)
	}
	return data
}

// bundle splits an entry bundle into its uint16 length-prefixed entries.
func bundle(data []byte, width int) ([][]byte, error) {
	var entries [][]byte
	for len(data) > 0 {
		if len(data) < 2 {
			return nil, errors.New("truncated length")
		}
		size := int(binary.BigEndian.Uint16(data))
		if len(data) < 2+size {
			return nil, errors.New("truncated entry")
		}
		entries = append(entries, data[2:2+size])
		data = data[2+size:]
	}
	if len(entries) != width {
		return nil, fmt.Errorf("%d entries, not %d", len(entries), width)
	}
	return entries, nil
}

func checkEntries(vkey, dir string) {
	origin, tree := openCheckpoint(vkey, readFile(filepath.Join(dir, "checkpoint")))
	reader := tlog.TileHashReader(tree, tiles{dir})
	count := int64(0)
	for first := int64(0); first < tree.N; first += 256 {
		width := int(tree.N - first)
		if width > 256 {
			width = 256
		}
		tile := tlog.Tile{H: 8, L: -1, N: first / 256, W: width}
		entries, err := bundle(readFile(filepath.Join(dir, c2spPath(tile))), width)
		if err != nil {
			fatal("%s: %v", c2spPath(tile), err)
		}
		for i, entry := range entries {
			index := first + int64(i)
			proof, err := tlog.ProveRecord(tree.N, index, reader)
			if err == nil {
				err = tlog.CheckRecord(proof, tree.N, tree.Hash, index, tlog.RecordHash(entry))
			}
			if err != nil {
				fatal("entry %d: %v", index, err)
			}
			count++
		}
	}
	fmt.Printf("%d entries of %s included in the tree of %d, root %s\n", count, origin, tree.N, tree.Hash)
}

func checkConsistency(vkey, old, dir string) {
	_, before := openCheckpoint(vkey, readFile(old))
	origin, after := openCheckpoint(vkey, readFile(filepath.Join(dir, "checkpoint")))
	proof, err := tlog.ProveTree(after.N, before.N, tlog.TileHashReader(after, tiles{dir}))
	if err == nil {
		err = tlog.CheckTree(proof, after.N, after.Hash, before.N, before.Hash)
	}
	if err != nil {
		fatal("consistency %d -> %d: %v", before.N, after.N, err)
	}
	fmt.Printf("the tree of %d is a prefix of the tree of %d of %s\n", before.N, after.N, origin)
}

// checkCosignature verifies a tlog-cosignature/v1 line by hand: x/mod 0.7
// has no verifier for type 0x04 keys.
func checkCosignature(vkey, path string) {
	parts := strings.SplitN(vkey, "+", 3)
	material, err := base64.StdEncoding.DecodeString(parts[len(parts)-1])
	if len(parts) != 3 || err != nil || len(material) != 33 || material[0] != 0x04 {
		fatal("not a cosignature verifier key")
	}
	name, key := parts[0], ed25519.PublicKey(material[1:])
	digest := sha256.Sum256(append([]byte(name+"\n"), material...))
	if hex.EncodeToString(digest[:4]) != parts[1] {
		fatal("the verifier key's ID is not its key's")
	}
	data := readFile(path)
	split := bytes.LastIndex(data, []byte("\n\n"))
	text, signatures := data[:split+1], string(data[split+2:])
	for _, line := range strings.Split(strings.TrimSuffix(signatures, "\n"), "\n") {
		fields := strings.Split(line, " ")
		if len(fields) != 3 || fields[0] != "\u2014" || fields[1] != name {
			continue
		}
		sig, err := base64.StdEncoding.DecodeString(fields[2])
		if err != nil || len(sig) != 4+8+64 || !bytes.Equal(sig[:4], digest[:4]) {
			continue
		}
		timestamp := binary.BigEndian.Uint64(sig[4:12])
		message := append([]byte(fmt.Sprintf("cosignature/v1\ntime %d\n", timestamp)), text...)
		if ed25519.Verify(key, message, sig[12:]) {
			fmt.Printf("cosigned by %s at %d\n", name, timestamp)
			return
		}
		fatal("the cosignature of %s does not verify", name)
	}
	fatal("no cosignature of %s", name)
}

// checkProof reads a c2sp.org/tlog-proof@v1 file and checks the entry's
// inclusion in its checkpoint.
func checkProof(vkey, path, entryPath string) {
	data := string(readFile(path))
	head, checkpoint, found := strings.Cut(data, "\n\n")
	lines := strings.Split(head, "\n")
	if !found || lines[0] != "c2sp.org/tlog-proof@v1" || len(lines) < 2 ||
		!strings.HasPrefix(lines[1], "index ") {
		fatal("%s: not a tlog-proof", path)
	}
	index, err := strconv.ParseInt(strings.TrimPrefix(lines[1], "index "), 10, 64)
	if err != nil {
		fatal("%s: bad index", path)
	}
	var proof tlog.RecordProof
	for _, line := range lines[2:] {
		hash, err := base64.StdEncoding.DecodeString(line)
		if err != nil || len(hash) != tlog.HashSize {
			fatal("%s: bad hash line", path)
		}
		var h tlog.Hash
		copy(h[:], hash)
		proof = append(proof, h)
	}
	origin, tree := openCheckpoint(vkey, []byte(checkpoint))
	if err := tlog.CheckRecord(proof, tree.N, tree.Hash, index, tlog.RecordHash(readFile(entryPath))); err != nil {
		fatal("entry %d: %v", index, err)
	}
	fmt.Printf("entry %d is in the tree of %d of %s\n", index, tree.N, origin)
}

func main() {
	args := os.Args[1:]
	switch {
	case len(args) == 2 && args[0] == "vkey":
		fmt.Println(logVkey(args[1]))
	case len(args) == 3 && args[0] == "entries":
		checkEntries(args[1], args[2])
	case len(args) == 4 && args[0] == "consistency":
		checkConsistency(args[1], args[2], args[3])
	case len(args) == 3 && args[0] == "cosignature":
		checkCosignature(args[1], args[2])
	case len(args) == 4 && args[0] == "proof":
		checkProof(args[1], args[2], args[3])
	default:
		fatal("usage: tlogcheck vkey|entries|consistency|cosignature|proof ...")
	}
}
