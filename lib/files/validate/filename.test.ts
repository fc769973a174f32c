import { describe, expect, it } from "vitest";
import { MAX_FILENAME_LENGTH, sanitiseFilename } from "./filename";

describe("sanitiseFilename", () => {
  it("keeps only the base name, whatever the separator", () => {
    expect(sanitiseFilename("../../etc/passwd.png").name).toBe("passwd.png");
    expect(sanitiseFilename("..\\..\\windows\\system32\\evil.png").name).toBe("evil.png");
    expect(sanitiseFilename("/abs/path/photo.JPG")).toEqual({ name: "photo.jpg", stem: "photo", extension: "jpg" });
  });

  it("removes what could break a Content-Disposition header or hide the real name", () => {
    expect(sanitiseFilename('a"b;c\r\nd.png').name).toBe("abcd.png");
    expect(sanitiseFilename("x\u0000y\u001f\u007f.png").name).toBe("xy.png");
    // a right-to-left override would show "evil\u202Egnp.exe" as "evilexe.png"
    expect(sanitiseFilename("evil\u202Egnp.exe").name).toBe("evilgnp.exe");
    expect(sanitiseFilename("zero\u200Bwidth.png").name).toBe("zerowidth.png");
    expect(sanitiseFilename("line\u2028sep.png").name).toBe("linesep.png");
  });

  it("drops leading dots and falls back to file.<ext> when nothing is left", () => {
    expect(sanitiseFilename(".htaccess.png").name).toBe("htaccess.png");
    expect(sanitiseFilename(".png").name).toBe("file.png");
    expect(sanitiseFilename("../.png").name).toBe("file.png");
    expect(sanitiseFilename('"";.pdf').name).toBe("file.pdf");
    expect(sanitiseFilename("").name).toBe("file");
    expect(sanitiseFilename("noextension")).toEqual({ name: "noextension", stem: "noextension", extension: "" });
  });

  it("normalises unicode to NFC", () => {
    const decomposed = "Cafe\u0301.png";
    expect(sanitiseFilename(decomposed).name).toBe("Caf\u00e9.png");
    expect(sanitiseFilename(decomposed).name.length).toBe(8);
  });

  it("cuts long names to 255 characters, keeping the extension", () => {
    const long = sanitiseFilename(`${"a".repeat(400)}.jpeg`);
    expect(Array.from(long.name)).toHaveLength(MAX_FILENAME_LENGTH);
    expect(long.name.endsWith(".jpeg")).toBe(true);
    const emoji = sanitiseFilename(`${"😀".repeat(300)}.png`);
    expect(Array.from(emoji.name)).toHaveLength(MAX_FILENAME_LENGTH);
    expect(emoji.name.endsWith(".png")).toBe(true);
  });
});
