// Package graph is newsgraph's GraphQL API: the gqlgen schema
// (schema.graphqls), its resolvers, per-request dataloaders and the
// protections every query passes through (depth, complexity, page size,
// aliases). Resolvers call the store's read queries and curation mutations;
// they never build DQL.
package graph

//go:generate go tool gqlgen generate --config gqlgen.yml
