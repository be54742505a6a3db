"""The web UI: the React app's build (`web/dist`, made from `frontend/`), served at `/`."""
