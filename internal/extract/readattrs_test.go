package extract

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestReadAttrsComplete reads the package's own source: every attribute
// name it spells out, in attr(n, "x"), a.Key == "x" or a list of names
// looped over, must be in readAttrs, or stripRawText would cut it before
// the parse and the code reading it would find nothing.
func TestReadAttrsComplete(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			for _, lit := range attrNames(n) {
				checked++
				if v, _ := strconv.Unquote(lit.Value); !slices.Contains(readAttrs, v) {
					t.Errorf("%s: attribute %s is read but not in readAttrs", fset.Position(lit.Pos()), lit.Value)
				}
			}
			return true
		})
	}
	if checked < 10 {
		t.Fatalf("found only %d attribute names: the source walk is broken", checked)
	}
}

// attrNames returns the string literals n uses as attribute names.
func attrNames(n ast.Node) []*ast.BasicLit {
	str := func(e ast.Expr) *ast.BasicLit {
		if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			return lit
		}
		return nil
	}
	switch n := n.(type) {
	case *ast.CallExpr: // attr(n, "x")
		if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "attr" && len(n.Args) == 2 {
			if lit := str(n.Args[1]); lit != nil {
				return []*ast.BasicLit{lit}
			}
		}
	case *ast.BinaryExpr: // a.Key == "x"
		if sel, ok := n.X.(*ast.SelectorExpr); ok && sel.Sel.Name == "Key" && n.Op == token.EQL {
			if lit := str(n.Y); lit != nil {
				return []*ast.BasicLit{lit}
			}
		}
	case *ast.RangeStmt: // for _, k := range []string{"x", …} { … attr(n, k) … }
		lits, ok := n.X.(*ast.CompositeLit)
		if !ok || !readsAttrOf(n.Body, n.Value) {
			return nil
		}
		var out []*ast.BasicLit
		for _, e := range lits.Elts {
			if lit := str(e); lit != nil {
				out = append(out, lit)
			}
		}
		return out
	}
	return nil
}

// readsAttrOf reports whether body calls attr with the range variable v.
func readsAttrOf(body *ast.BlockStmt, v ast.Expr) bool {
	id, ok := v.(*ast.Ident)
	if !ok {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if c, ok := n.(*ast.CallExpr); ok && len(c.Args) == 2 {
			if f, ok := c.Fun.(*ast.Ident); ok && f.Name == "attr" {
				if a, ok := c.Args[1].(*ast.Ident); ok && a.Name == id.Name {
					found = true
				}
			}
		}
		return !found
	})
	return found
}

// TestMetaKeysComplete reads meta.go: every key meta.fill asks first for
// must be in metaKeys, or the content of such a <meta> would be cut
// before the parse.
func TestMetaKeysComplete(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "meta.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	ast.Inspect(f, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if sel, ok := c.Fun.(*ast.SelectorExpr); !ok || sel.Sel.Name != "first" {
			return true
		}
		for _, arg := range c.Args {
			lit, ok := arg.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				t.Errorf("%s: first called with a key that is not a literal", fset.Position(arg.Pos()))
				continue
			}
			checked++
			if v, _ := strconv.Unquote(lit.Value); !metaKeys[v] {
				t.Errorf("%s: meta key %s is read but not in metaKeys", fset.Position(lit.Pos()), lit.Value)
			}
		}
		return true
	})
	if checked < 20 {
		t.Fatalf("found only %d keys: the source walk is broken", checked)
	}
}
