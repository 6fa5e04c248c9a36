"""投诉建议 (回音壁): complaints, suggestions and praise from citizens, and their answers."""
