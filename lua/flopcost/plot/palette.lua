--- flopcost.plot.palette: the colours and dash patterns of every chart.
local M = {}

--- The one palette of every chart: Okabe & Ito's colour-blind-safe set
-- (M. Okabe and K. Ito, "Color Universal Design (CUD): how to make figures and
-- presentations that are friendly to colorblind people", 2002/2008,
-- https://jfly.uni-koeln.de/color/ -- colours distinguishable under protan,
-- deutan and tritan vision). Its yellow (#F0E442) is left out: on white it has
-- a WCAG contrast ratio of 1.32:1, unreadable as a line or a thin bar. Lines take
-- the colours with a contrast of 3:1 or more first (blue 5.2, vermillion 3.9,
-- green 3.4, purple 3.1, black 21); orange (2.3) and sky (2.3) come last, dashed.
M.PALETTE = {
  blue = "#0072B2", sky = "#56B4E9", green = "#009E73", orange = "#E69F00",
  vermillion = "#D55E00", purple = "#CC79A7", black = "#000000", grey = "#999999",
}
local P = M.PALETTE
--- Colours of the cost components (carbon, usually tiny, in neutral grey).
M.COLORS = {
  chip = P.blue, server = P.sky, network = P.green, facility = P.orange,
  energy = P.vermillion, carbon = P.grey, opex = P.purple,
}
--- Line colours for series, in order; dash patterns tell series apart where
-- lines coincide or colours are confused (series i uses DASHES[(i-1) % 4 + 1]).
M.SERIES_COLORS = { P.blue, P.vermillion, P.green, P.purple, P.black, P.orange, P.sky, P.grey }
local DASHES = { "", "7,3", "2,3", "9,3,2,3" }
-- Dash pattern of series i (nil = solid): consecutive series differ (also vega's).
function M.dash_of(i)
  local d = DASHES[(i - 1) % #DASHES + 1]
  return d ~= "" and d or nil
end

return M
