package storetest

import (
	"context"
	"testing"

	"github.com/workflowbuilder/wfb/internal/store"
)

func testFilters(t *testing.T, s store.Store) {
	ctx := context.Background()
	inc := newTemplate(t, s, "UK Incorporation")
	tax := newTemplate(t, s, "Tax filing 100%_done")
	vat := newTemplate(t, s, "VAT registration")
	incDraft := newVersion(t, s, inc.ID, "1.0.0", store.VersionDraft)
	incPub := newVersion(t, s, inc.ID, "1.1.0", store.VersionPublished)
	taxPub := newVersion(t, s, tax.ID, "1.0.0", store.VersionPublished)
	taxDep := newVersion(t, s, tax.ID, "0.9.0", store.VersionDeprecated)
	l1 := newLink(t, s, inc.ID, store.EntityServiceCatalog, "inc")
	l2 := newLink(t, s, inc.ID, store.EntityProduct, "inc-pack")
	l3 := newLink(t, s, tax.ID, store.EntityProduct, "tax")
	l4 := newLink(t, s, vat.ID, store.EntityServiceCatalog, "tax")

	templates := []struct {
		name string
		f    store.TemplateFilter
		want []string
	}{
		{"all", store.TemplateFilter{}, []string{inc.ID, tax.ID, vat.ID}},
		{"name contains, any case", store.TemplateFilter{NameContains: "INC"}, []string{inc.ID}},
		{"name contains in the middle", store.TemplateFilter{NameContains: "registr"}, []string{vat.ID}},
		{"LIKE wildcards are literal", store.TemplateFilter{NameContains: "%_"}, []string{tax.ID}},
		{"an underscore is not any character", store.TemplateFilter{NameContains: "UK_"}, nil},
	}
	for _, tt := range templates {
		got, err := s.ListTemplates(ctx, tt.f)
		wantErr(t, "templates "+tt.name, err, nil)
		sameIDs(t, "templates "+tt.name, ids(got, func(x store.Template) string { return x.ID }), tt.want)
	}

	versions := []struct {
		name string
		f    store.VersionFilter
		want []string
	}{
		{"all", store.VersionFilter{}, []string{incDraft.ID, incPub.ID, taxPub.ID, taxDep.ID}},
		{"template", store.VersionFilter{TemplateID: tax.ID}, []string{taxPub.ID, taxDep.ID}},
		{"status", store.VersionFilter{Status: store.VersionPublished}, []string{incPub.ID, taxPub.ID}},
		{"template and status", store.VersionFilter{TemplateID: inc.ID, Status: store.VersionDraft}, []string{incDraft.ID}},
		{"none", store.VersionFilter{TemplateID: vat.ID}, nil},
	}
	for _, tt := range versions {
		got, err := s.ListVersions(ctx, tt.f)
		wantErr(t, "versions "+tt.name, err, nil)
		sameIDs(t, "versions "+tt.name, ids(got, func(x store.Version) string { return x.ID }), tt.want)
	}

	links := []struct {
		name string
		f    store.LinkFilter
		want []string
	}{
		{"all", store.LinkFilter{}, []string{l1.ID, l2.ID, l3.ID, l4.ID}},
		{"template", store.LinkFilter{TemplateID: inc.ID}, []string{l1.ID, l2.ID}},
		{"entity type", store.LinkFilter{EntityType: store.EntityProduct}, []string{l2.ID, l3.ID}},
		{"entity id", store.LinkFilter{EntityID: "tax"}, []string{l3.ID, l4.ID}},
		{"entity", store.LinkFilter{EntityType: store.EntityServiceCatalog, EntityID: "tax"}, []string{l4.ID}},
		{"newest first", store.LinkFilter{Page: store.Page{Desc: true, Limit: 2}}, []string{l4.ID, l3.ID}},
	}
	for _, tt := range links {
		got, err := s.ListLinks(ctx, tt.f)
		wantErr(t, "links "+tt.name, err, nil)
		sameIDs(t, "links "+tt.name, ids(got, func(x store.Link) string { return x.ID }), tt.want)
	}
}
