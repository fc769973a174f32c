import { describe, expect, it } from "vitest";
import { ApiError } from "./problem";
import { buildPage } from "./pagination";

describe("buildPage", () => {
  const url = "http://evil.example:3000/api/products/?search=oak&page=2&page_size=10";

  it("links next and previous on APP_URL, keeping the other parameters", () => {
    const page = buildPage(url, 2, 10, 35, [1, 2]);
    expect(page.count).toBe(35);
    expect(page.next).toBe("http://localhost:3000/api/products/?search=oak&page=3&page_size=10");
    expect(page.previous).toBe("http://localhost:3000/api/products/?search=oak&page_size=10");
    expect(page.results).toEqual([1, 2]);
  });

  it("has no links on a single page, and an empty first page is valid", () => {
    expect(buildPage(url, 1, 10, 3, [])).toMatchObject({ next: null, previous: null });
    expect(buildPage(url, 1, 10, 0, [])).toMatchObject({ count: 0, results: [] });
  });

  it("answers 404 past the last page, as DRF does", () => {
    expect(() => buildPage(url, 5, 10, 35, [])).toThrow(ApiError);
  });
});
