package ingest

import (
	"strings"
	"testing"
)

func TestHTMLCharsets(t *testing.T) {
	para := "<p>" + strings.Repeat("The ministers met again on Monday to discuss the terms of the agreement. ", 20) + "</p>"
	tests := []struct {
		name, contentType string
		page              []byte
		want              string
	}{
		{"windows-1252 by meta", "", []byte("<html><head><meta charset=\"windows-1252\"><title>T</title></head><body><article>" + para + "<p>Talks resumed at the Caf\xe9 de la Paix in Paris, the ministry said.</p></article></body></html>"), "Café de la Paix"},
		{"windows-1251 by header", "text/html; charset=windows-1251", []byte("<html><head><title>T</title></head><body><article>" + para + "<p>\xcc\xee\xf1\xea\xe2\xe0 said the talks would continue next week in the capital.</p></article></body></html>"), "Москва said"},
		{"utf-8 past the first KiB", "", []byte("<html><head><title>T</title></head><body><article>" + para + "<p>The minister called it \xe2\x80\x9ca step forward\xe2\x80\x9d for both sides in the dispute.</p></article></body></html>"), "“a step forward”"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := htmlDocument(tt.page, "", tt.contentType)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(d.Body, tt.want) {
				t.Errorf("body %q lacks %q", d.Body[max(0, len(d.Body)-120):], tt.want)
			}
		})
	}
}

func TestTextCharset(t *testing.T) {
	d, err := textDocument([]byte("date 2024-05-02\nTalks at the Caf\xe9 de la Paix resumed.\n"), "-")
	if err != nil || d.Body != "Talks at the Café de la Paix resumed.\n" || d.Published != "2024-05-02" {
		t.Errorf("got %+v, %v", d, err)
	}
}
