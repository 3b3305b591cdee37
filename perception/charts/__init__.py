"""Charts as data: the chart model, the vector reader for born-digital PDFs, and the raster reader.

>>> from perception.charts import Chart, ChartPoint
>>> ChartPoint(key="Q1", value=3.5, status="exact").exact
True
"""

from perception.charts._model import (
    AxisOrientation,
    Chart,
    ChartAxis,
    ChartPoint,
    ChartSeries,
    ChartSource,
    ChartStatus,
    ChartType,
    DocumentCharts,
    PageCharts,
    ScaleKind,
    ValueStatus,
)
from perception.charts._vector import find_charts

__all__ = [
    "AxisOrientation",
    "Chart",
    "ChartAxis",
    "ChartPoint",
    "ChartSeries",
    "ChartSource",
    "ChartStatus",
    "ChartType",
    "DocumentCharts",
    "PageCharts",
    "ScaleKind",
    "ValueStatus",
    "find_charts",
]
