"""The event's road networks: OpenStreetMap import, the routable graph, routes, the map layer.

Other apps ask for road travel times through ``travel`` only (``travel_time``, ``travel_times``).
"""
