package store

import (
	"container/list"
	"sync"
)

// cached is what the store knows of a node after a successful commit: its
// uid and the predicate values it has seen in the graph or written itself.
// Entries are never modified once stored, so readers need no lock.
type cached struct {
	uid   string
	known map[string][]string // predicate → values (canonical form)
}

// uidCache is a bounded LRU map from xid to cached node, so hot actors
// (Russia, the Pentagon) are not looked up for every article and their
// unchanged attributes are not rewritten (rewrites of a single-valued
// predicate are what makes concurrent transactions conflict).
type uidCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // front = most recent; values are *cacheItem
	items map[string]*list.Element
}

type cacheItem struct {
	xid string
	c   *cached
}

func newUIDCache(max int) *uidCache {
	return &uidCache{max: max, order: list.New(), items: map[string]*list.Element{}}
}

func (c *uidCache) get(xid string) (*cached, bool) {
	if c.max <= 0 {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[xid]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(el)
	return el.Value.(*cacheItem).c, true
}

func (c *uidCache) put(xid string, v *cached) {
	if c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[xid]; ok {
		el.Value.(*cacheItem).c = v
		c.order.MoveToFront(el)
		return
	}
	c.items[xid] = c.order.PushFront(&cacheItem{xid, v})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*cacheItem).xid)
	}
}

func (c *uidCache) remove(xid string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[xid]; ok {
		c.order.Remove(el)
		delete(c.items, xid)
	}
}

func (c *uidCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.order.Init()
	c.items = map[string]*list.Element{}
}

func (c *uidCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
