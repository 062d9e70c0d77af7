"""Plotly figures of the pages: they only draw frames the library already computed."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from app_pages.i18n import t, t_or

#: One colour per channel everywhere (Gantt, coverage, history), colour-blind friendly.
CHANNEL_COLOURS = {
    "phone": "#1f77b4",
    "chat": "#2ca02c",
    "messaging": "#9467bd",
    "email": "#ff7f0e",
}
BREAK_COLOURS = {"break": "#c7c7c7", "lunch": "#8c8c8c"}
_EXTRA_COLOURS = px.colors.qualitative.Safe


def channel_colour(channel: str) -> str:
    if channel in CHANNEL_COLOURS:
        return CHANNEL_COLOURS[channel]
    return _EXTRA_COLOURS[sum(map(ord, channel)) % len(_EXTRA_COLOURS)]


def _layout(fig: go.Figure, height: int = 380) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "right", "x": 1},
        hovermode="x unified",
    )
    return fig


def daily_contacts(daily: pd.DataFrame) -> go.Figure:
    """``daily``: columns ``day, channel, volume``."""
    fig = go.Figure()
    for channel, part in daily.groupby("channel", sort=False):
        fig.add_trace(
            go.Scatter(
                x=part["day"],
                y=part["volume"],
                name=str(channel),
                mode="lines",
                line={"color": channel_colour(str(channel)), "width": 1.2},
            )
        )
    fig.update_layout(title=t("data.daily_chart"), yaxis_title=t("common.contacts"))
    return _layout(fig, 320)


def forecast_band(history: pd.DataFrame, forecast: pd.DataFrame, title: str) -> go.Figure:
    """History ``interval_start, volume`` and forecast ``interval_start, volume, p10, p90``."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=forecast["interval_start"],
            y=forecast["volume_p90"],
            line={"width": 0},
            showlegend=False,
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=forecast["interval_start"],
            y=forecast["volume_p10"],
            fill="tonexty",
            fillcolor="rgba(31,119,180,0.2)",
            line={"width": 0},
            name=t("forecast.band"),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=history["interval_start"],
            y=history["volume"],
            name=t("forecast.history"),
            line={"color": "#555555", "width": 1},
        )
    )
    fig.add_trace(
        go.Scatter(
            x=forecast["interval_start"],
            y=forecast["volume"],
            name=t("forecast.forecast"),
            line={"color": "#1f77b4", "width": 2},
        )
    )
    fig.update_layout(title=title, yaxis_title=t("common.contacts"))
    return _layout(fig, 400)


def requirement_heatmap(grid: pd.DataFrame, title: str) -> go.Figure:
    """``grid``: index = day labels, columns = time of day labels, values = agents."""
    fig = go.Figure(
        go.Heatmap(
            z=grid.to_numpy(),
            x=list(grid.columns),
            y=list(grid.index),
            colorscale="YlOrRd",
            colorbar={"title": t("common.agents")},
            hovertemplate="%{y} %{x}<br>%{z}<extra></extra>",
        )
    )
    fig.update_layout(title=title, xaxis_title=t("req.interval"), yaxis={"autorange": "reversed"})
    return _layout(fig, 360)


def roster_gantt(blocks: pd.DataFrame, names: dict[str, str]) -> go.Figure:
    """One bar per block: work coloured by channel, breaks and lunch in grey."""
    activity = blocks["activity"].map(lambda a: t_or(f"roster.activity.{a}", a))
    is_work = blocks["activity"] == "work"
    shown = blocks.assign(
        agent=blocks["agent_id"].map(lambda a: f"{a} {names.get(a, '')}".strip()),
        colour_key=blocks["channel"].where(is_work, activity),
        label=activity,
    )
    colours = {c: channel_colour(c) for c in blocks.loc[is_work, "channel"].unique()}
    for name, label in zip(blocks.loc[~is_work, "activity"], activity[~is_work], strict=True):
        colours[label] = BREAK_COLOURS.get(name, "#b0b0b0")
    fig = px.timeline(
        shown,
        x_start="start",
        x_end="end",
        y="agent",
        color="colour_key",
        color_discrete_map=colours,
        hover_data={"label": True, "vip_level": True, "colour_key": False, "agent": False},
        labels={"colour_key": "", "agent": t("roster.agent")},
    )
    # agents in id order from the top (by default each colour's agents come together)
    order = list(shown.sort_values("agent_id")["agent"].unique())
    fig.update_yaxes(categoryorder="array", categoryarray=order, autorange="reversed", title=None)
    height = max(300, 22 * shown["agent"].nunique() + 120)
    fig.update_layout(title=t("roster.gantt"), hovermode="closest")
    return _layout(fig, height).update_layout(hovermode="closest")


def coverage_chart(coverage: pd.DataFrame, title: str) -> go.Figure:
    """``coverage``: ``interval_start, required, scheduled, shortfall`` of one queue."""
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=coverage["interval_start"],
            y=coverage["scheduled"],
            name=t("roster.scheduled"),
            line={"shape": "hv", "color": "#2ca02c"},
            fill="tozeroy",
            fillcolor="rgba(44,160,44,0.15)",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=coverage["interval_start"],
            y=coverage["required"],
            name=t("roster.required"),
            line={"shape": "hv", "color": "#d62728", "dash": "dot"},
        )
    )
    fig.add_trace(
        go.Bar(
            x=coverage["interval_start"],
            y=coverage["shortfall"],
            name=t("roster.shortfall"),
            marker_color="rgba(214,39,40,0.5)",
        )
    )
    fig.update_layout(title=title, yaxis_title=t("common.agents"), bargap=0)
    return _layout(fig, 340)


def cost_service_curve(scenarios: pd.DataFrame | None, sweep: pd.DataFrame | None) -> go.Figure:
    """Scenarios as labelled points and the service-level sweep as a line.

    Both frames: ``label, cost, service_level``.
    """
    fig = go.Figure()
    if sweep is not None:
        ordered = sweep.sort_values("cost")
        fig.add_trace(
            go.Scatter(
                x=ordered["cost"],
                y=ordered["service_level"],
                text=ordered["label"],
                mode="lines+markers+text",
                textposition=_inward(ordered["cost"], "bottom"),
                cliponaxis=False,
                name=t("whatif.sweep_line"),
                line={"color": "#1f77b4"},
            )
        )
    if scenarios is not None:
        fig.add_trace(
            go.Scatter(
                x=scenarios["cost"],
                y=scenarios["service_level"],
                text=scenarios["label"],
                mode="markers+text",
                textposition=_inward(scenarios["cost"], "top"),
                cliponaxis=False,
                name=t("whatif.scenarios"),
                marker={"size": 12, "color": "#d62728"},
            )
        )
    fig.update_layout(
        title=t("whatif.curve"),
        xaxis_title=t("whatif.cost"),
        yaxis_title=t("whatif.service"),
        yaxis_tickformat=".0%",
    )
    return _layout(fig, 420).update_layout(hovermode="closest")


def _inward(x: pd.Series, side: str) -> list[str]:
    """Text positions that put each point's label towards the middle of the x range, so a
    long label of the rightmost (dearest) point is not cut at the chart's edge."""
    middle = (x.min() + x.max()) / 2
    return [f"{side} left" if v > middle else f"{side} right" for v in x]


def scenario_service(per_queue: pd.DataFrame) -> go.Figure:
    """Grouped bars: simulated service level per queue (rows) and scenario (columns)."""
    fig = go.Figure()
    for scenario in per_queue.columns:
        fig.add_trace(go.Bar(x=list(per_queue.index), y=per_queue[scenario], name=str(scenario)))
    fig.update_layout(
        title=t("whatif.per_queue"), yaxis_tickformat=".0%", barmode="group", bargap=0.25
    )
    return _layout(fig, 380)
