import { describe, expect, it } from "vitest";
import { contentDisposition } from "./content-disposition";

describe("contentDisposition", () => {
  it("gives an ASCII fallback and the exact name percent-encoded", () => {
    expect(contentDisposition("report.pdf", "attachment")).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    expect(contentDisposition("Café ünïcødé.png", "inline")).toBe(
      `inline; filename="Cafe unic_de.png"; filename*=UTF-8''Caf%C3%A9%20%C3%BCn%C3%AFc%C3%B8d%C3%A9.png`,
    );
  });

  it("cannot be broken out of by quotes, semicolons, CR/LF or percent signs", () => {
    const header = contentDisposition('a"; filename="evil.html"\r\nSet-Cookie: x=1;%22.png', "attachment");
    expect(header).not.toMatch(/[\r\n]/);
    const quoted = /filename="([^"]*)"/.exec(header)![1]!;
    expect(quoted).not.toMatch(/["\\;%]/);
    expect(header.match(/"/g)).toHaveLength(2);
    expect(header).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''[A-Za-z0-9!#$&+\-.^_`|~%]+$/);
    expect(new Headers({ "content-disposition": header }).get("content-disposition")).toBe(header);
  });

  it("never leaves an empty quoted name", () => {
    expect(contentDisposition("日本.png", "attachment")).toMatch(/^attachment; filename="__\.png"/);
    expect(contentDisposition("", "attachment")).toMatch(/^attachment; filename="file"/);
  });
});
