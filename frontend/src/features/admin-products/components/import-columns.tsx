import { Link } from "react-router";

import { paths } from "@/config/paths";
import { useShop } from "@/lib/shop";

import { templateCsv } from "@/features/admin-products/api/import-products";

const TEMPLATE_HREF = `data:text/csv;charset=utf-8,${encodeURIComponent(templateCsv())}`;

/** What the import reads: the columns and their rules, a template, and the round trip. */
export function ImportColumns() {
  const currency = useShop()?.currency ?? "the shop's currency";
  const columns: { name: string; required: boolean; rule: string }[] = [
    {
      name: "sku",
      required: false,
      rule: "Matches the row to a product (ignoring case); an SKU not yet in the shop creates a product. Letters, digits and . _ / - (up to 64).",
    },
    {
      name: "id",
      required: false,
      rule: "Optional column: updates the product with this id, for products without an SKU.",
    },
    { name: "name", required: true, rule: "Up to 200 characters." },
    { name: "description", required: false, rule: "Plain text; may be empty." },
    {
      name: "price",
      required: true,
      rule: `In ${currency}, with a dot and at most two decimals: 12.50.`,
    },
    {
      name: "stock",
      required: true,
      rule: "A whole number from 0 to 1,000,000. A change is recorded as a stock movement with the reason “import”.",
    },
    { name: "category", required: false, rule: "May be empty; stored in lower case." },
    {
      name: "is_active",
      required: false,
      rule: "true (for sale, the default) or false (hidden from the shop).",
    },
  ];

  return (
    <section className="card import-help" aria-labelledby="import-help-heading">
      <h2 id="import-help-heading">What the file holds</h2>
      <p>
        A UTF-8 CSV file of at most 20 MB. Its first row names the columns, in any order; every
        other row is one product. Cells that start with = (spreadsheet formulas) are refused.
      </p>
      <div className="table-scroll">
        <table className="data-table import-columns">
          <caption className="visually-hidden">Columns of the import file</caption>
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Required</th>
              <th scope="col">Rules</th>
            </tr>
          </thead>
          <tbody>
            {columns.map((column) => (
              <tr key={column.name}>
                <th scope="row">
                  <code>{column.name}</code>
                </th>
                <td>{column.required ? "Yes" : "No"}</td>
                <td>{column.rule}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="import-help-links">
        <a href={TEMPLATE_HREF} download="products-template.csv">
          Download a template
        </a>
        <span>
          An <Link to={paths.adminProducts}>export of the products</Link> has the same columns: edit
          it in a spreadsheet and import it back.
        </span>
      </p>
    </section>
  );
}
