"""Data: the sample or the planner's own files, checked, with every problem listed."""

from __future__ import annotations

import streamlit as st

from app_pages import charts, common
from app_pages.i18n import t, translated

#: the last files refused by *Check and use these files*: (digest of the uploads, problems)
REFUSED_KEY = "data_refused_uploads"
#: every file a data folder holds; one not uploaded is the sample's
FILES = (
    "history.csv",
    "targets.toml",
    "rules.toml",
    "agents.csv",
    "events.csv",
    "time_off.csv",
    "preferences.csv",
)

st.title(t("data.title"))
st.caption(t("data.intro"))

source_labels = {s: t(f"data.source.{s}") for s in ("sample", "upload")}
source = st.radio(
    t("data.source"),
    options=list(source_labels),
    format_func=source_labels.__getitem__,
    horizontal=True,
    # Streamlit forgets a widget's value while another page is shown: the choice comes back
    # from the data in use, so the uploads stay in use until the planner picks the sample
    index=0 if common.uploads_in_use() is None else 1,
    key="data_source",
)

if source == "sample":
    if common.uploads_in_use() is not None:
        common.use_uploads(None)
    st.caption(t("data.sample_folder", folder=common.data_dir()))
else:
    st.caption(t("data.upload_help", limit_mb=common.UPLOAD_LIMIT_MB))
    uploaded: dict[str, bytes] = {}
    columns = st.columns(3)
    for index, name in enumerate(FILES):
        stem, extension = name.rsplit(".", 1)
        with columns[index % 3]:
            upload = st.file_uploader(
                name,
                type=[extension],
                key=f"data_upload_{stem}",
            )
        if upload is None:
            continue
        if upload.size > common.MAX_FILE_BYTES:
            st.error(
                t(
                    "data.too_large",
                    name=name,
                    size_mb=upload.size / 2**20,
                    limit_mb=common.UPLOAD_LIMIT_MB,
                ),
                icon="🛑",
            )
            continue
        uploaded[name] = upload.getvalue()
    from_sample = [name for name in FILES if name not in uploaded]
    in_use = common.uploaded_names()
    if uploaded or not in_use:
        names, key = list(uploaded), "data.files_chosen"
    else:  # back on this page: the uploaders are empty, the files checked before are in use
        names, key = in_use, "data.files_in_use"
    st.caption(
        t(
            key,
            uploaded=", ".join(names) or t("data.none_uploaded"),
            sample=", ".join(n for n in FILES if n not in names) or t("data.none_uploaded"),
        )
    )
    if st.button(t("data.apply"), type="primary", key="data_apply", disabled=not uploaded):
        folder = common.data_dir()
        files = {
            name: (folder / name).read_bytes() for name in from_sample if (folder / name).is_file()
        }
        with st.spinner(t("data.checking")):
            checked = common.check_files({**files, **uploaded})
        if checked.error is None:  # only valid files replace the data in use
            common.use_uploads({**files, **uploaded}, uploaded=uploaded)
            st.session_state.pop(REFUSED_KEY, None)
        else:
            st.session_state[REFUSED_KEY] = (common.files_digest(uploaded), checked.error)
    refused = st.session_state.get(REFUSED_KEY)
    if refused is not None and refused[0] == common.files_digest(uploaded):
        st.subheader(t("data.report"))
        common.show_problems(refused[1], key="data_problems")
        st.info(t("data.kept"), icon="ℹ️")
        st.stop()
    if uploaded and common.files_digest(uploaded) != common.uploaded_digest():
        st.info(t("data.pending"), icon="ℹ️")  # what is shown below is the data in use

loaded = common.load_current()
if loaded.error is not None:
    st.subheader(t("data.report"))
    common.show_problems(loaded.error, key="data_problems")
    st.stop()

dataset = loaded.dataset
history = dataset.history
st.success(t("data.valid"), icon="✅")
for note in dataset.notes:
    st.warning(translated(note), icon="⚠️")
first, last = history["interval_start"].min(), history["interval_start"].max()
with st.container(horizontal=True):  # each as wide as its label; onto a second row if need be
    st.metric(
        t("data.metric.history"),
        t("data.weeks", n=(last - first).days // 7 + 1),
        help=f"{first:%Y-%m-%d} – {last:%Y-%m-%d}",
    )
    st.metric(t("data.metric.queues"), len(dataset.queues))
    st.metric(t("data.metric.contacts"), common.compact(history["volume"].sum()))
    st.metric(t("data.metric.agents"), len(dataset.agents))
    st.metric(t("data.metric.events"), len(dataset.events))
    st.metric(t("data.metric.time_off"), len(dataset.time_off))
st.caption(t("data.range", first=f"{first:%Y-%m-%d}", last=f"{last:%Y-%m-%d}"))
st.info(t("data.next"), icon="➡️")

st.plotly_chart(
    charts.daily_contacts(common.daily_contacts(common.data_key(), history)),
    key="data_daily_chart",
)
tabs = st.tabs(
    [
        t(f"data.tab.{name}")
        for name in ("history", "targets", "agents", "events", "time_off", "preferences")
    ]
)
with tabs[0]:
    st.dataframe(history.tail(500), hide_index=True, key="data_history_table")
with tabs[1]:
    st.dataframe(common.targets_frame(dataset.targets), hide_index=True, key="data_targets")
with tabs[2]:
    st.dataframe(dataset.agents_frame(), hide_index=True, key="data_agents_table")
with tabs[3]:
    st.dataframe(dataset.events, hide_index=True, key="data_events_table")
with tabs[4]:
    st.dataframe(dataset.time_off, hide_index=True, key="data_time_off_table")
with tabs[5]:
    st.dataframe(dataset.preferences, hide_index=True, key="data_preferences_table")
