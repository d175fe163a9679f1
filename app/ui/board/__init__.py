"""The zoomable board: note and cluster items, the scene that follows the document, the view."""
