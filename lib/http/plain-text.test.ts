import { describe, expect, it } from "vitest";
import { looksLikeHtml, singleLine, stripControlCharacters } from "./plain-text";

describe("plain-text", () => {
  it("flags the starts of tags, closing tags, comments, doctypes and processing instructions", () => {
    for (const s of ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "a</b", "<!-- x -->", "<!DOCTYPE html>", "<?xml?>", "x<svg/onload=1>"]) {
      expect(looksLikeHtml(s), s).toBe(true);
    }
  });

  it("lets ordinary text with < and > through", () => {
    for (const s of ["3 < 5", "a <3 b", "size >= 4 and < 10", "<-- arrow", "x<1", "<<", "> quote"]) {
      expect(looksLikeHtml(s), s).toBe(false);
    }
  });

  it("removes control characters but keeps newlines and tabs, normalising CRLF", () => {
    expect(stripControlCharacters("a\u0000b\u0007c\u001bd\u007fe\u0085f")).toBe("abcdef");
    expect(stripControlCharacters("line1\r\nline2\rline3\n\tindented")).toBe("line1\nline2\nline3\n\tindented");
  });

  it("removes bidi overrides that could disguise text", () => {
    expect(stripControlCharacters("abc\u202Edef\u2066g")).toBe("abcdefg");
  });

  it("a control character cannot hide a tag from the HTML check once stripped", () => {
    expect(looksLikeHtml("<\u0000script>")).toBe(false);
    expect(looksLikeHtml(stripControlCharacters("<\u0000script>"))).toBe(true);
  });

  it("folds a multi-line title into one line", () => {
    expect(singleLine("Great\n\tproduct  \n here")).toBe("Great product here");
    expect(singleLine("no  change")).toBe("no  change");
  });
});
