// Package ingest turns article collections into the knowledge graph: readers
// that stream articles out of plain text, JSON Lines, HTML, RSS/Atom feeds and
// WARC archives (gzipped or not, detected by content), and the batch pipeline
// read → extract → write with bounded queues, resumable skips, dead letters
// and progress reporting.
//
// Readers never fail a whole run for one bad input: every unreadable file,
// malformed line or record becomes a Failure naming its origin (file,
// file:line, file#record) and the reading goes on.
package ingest
