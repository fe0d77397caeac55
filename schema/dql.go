package schema

import _ "embed"

// DQL is the Dgraph schema, applied with Alter at start-up.
//
//go:embed schema.dql
var DQL string
