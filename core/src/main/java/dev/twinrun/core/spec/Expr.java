package dev.twinrun.core.spec;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * An arithmetic expression of the spec: numbers, names, {@code + - * /}, unary minus and parentheses,
 * with the usual precedence. Names are columns or derived values (row expressions) or measures (formulas).
 */
sealed interface Expr {
    record Num(BigDecimal value) implements Expr {}

    record Name(String name) implements Expr {}

    record Neg(Expr e) implements Expr {}

    record Bin(char op, Expr left, Expr right) implements Expr {}

    /** Names used, in order of appearance. */
    default List<String> names() {
        List<String> out = new ArrayList<>();
        collect(this, out);
        return out;
    }

    private static void collect(Expr e, List<String> out) {
        if (e instanceof Name n) {
            out.add(n.name());
        } else if (e instanceof Neg n) {
            collect(n.e(), out);
        } else if (e instanceof Bin b) {
            collect(b.left(), out);
            collect(b.right(), out);
        }
    }

    /** Parses {@code text}, failing with a message that says where in the expression it went wrong. */
    static Expr parse(String text, Node at) {
        Parser p = new Parser(text, at);
        Expr e = p.expr();
        p.skipSpace();
        if (p.i < text.length()) {
            throw p.fail("unexpected '" + text.charAt(p.i) + "'");
        }
        return e;
    }

    final class Parser {
        private final String s;
        private final Node at;
        int i;

        Parser(String s, Node at) {
            this.s = s;
            this.at = at;
        }

        SpecException fail(String why) {
            return at.error("expression '" + s + "' at character " + (i + 1) + ": " + why);
        }

        void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        Expr expr() {
            Expr e = term();
            while (true) {
                skipSpace();
                if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                    char op = s.charAt(i++);
                    e = new Bin(op, e, term());
                } else {
                    return e;
                }
            }
        }

        Expr term() {
            Expr e = factor();
            while (true) {
                skipSpace();
                if (i < s.length() && (s.charAt(i) == '*' || s.charAt(i) == '/')) {
                    char op = s.charAt(i++);
                    e = new Bin(op, e, factor());
                } else {
                    return e;
                }
            }
        }

        Expr factor() {
            skipSpace();
            if (i >= s.length()) {
                throw fail("expected a number, a name or '('");
            }
            char c = s.charAt(i);
            if (c == '(') {
                i++;
                Expr e = expr();
                skipSpace();
                if (i >= s.length() || s.charAt(i) != ')') {
                    throw fail("expected ')'");
                }
                i++;
                return e;
            }
            if (c == '-') {
                i++;
                return new Neg(factor());
            }
            if (Character.isDigit(c)) {
                int start = i;
                while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                    i++;
                }
                try {
                    return new Num(new BigDecimal(s.substring(start, i)));
                } catch (NumberFormatException e) {
                    i = start;
                    throw fail("'" + s.substring(start) + "' is not a number");
                }
            }
            if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                    i++;
                }
                return new Name(s.substring(start, i));
            }
            throw fail("expected a number, a name or '('");
        }
    }
}
