import { Link } from "react-router";

import { EmptyState } from "@/components/ui/status";
import { paths } from "@/config/paths";
import { formatNumber } from "@/lib/format";
import { Price } from "@/lib/shop";

import type { Dashboard } from "@/features/admin-analytics/api/analytics";

/** The period's best sellers by revenue. */
export function TopSellersTable({ sellers }: { sellers: Dashboard["top_sellers"] }) {
  if (sellers.length === 0) {
    return <EmptyState title="Nothing sold in this period" />;
  }
  return (
    <div className="table-scroll">
      <table className="data-table">
        <caption className="visually-hidden">Top sellers by revenue</caption>
        <thead>
          <tr>
            <th scope="col">Product</th>
            <th scope="col" className="numeric">
              Units
            </th>
            <th scope="col" className="numeric">
              Revenue
            </th>
          </tr>
        </thead>
        <tbody>
          {sellers.map((seller) => (
            <tr key={seller.product_id}>
              <td className="cell-wrap">
                <Link to={paths.adminProduct(seller.product_id)}>{seller.name}</Link>
              </td>
              <td className="numeric">{formatNumber(seller.units_sold)}</td>
              <td className="numeric">
                <Price amount={seller.revenue} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
