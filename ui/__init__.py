"""Streamlit glue shared by app.py and the pages: state, sidebar, panels. No math here."""
