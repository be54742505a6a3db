/**
 * The parts of Chart.js the console's charts use, registered once (Chart.js is tree-shaken:
 * only what is registered here ships). Imported by the chart components only, so Chart.js
 * lands in the console's chunks and never in the shop's.
 */
import {
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";

Chart.register(
  CategoryScale,
  LinearScale,
  PointElement,
  LineElement,
  BarElement,
  Filler,
  Tooltip,
  Legend,
);
