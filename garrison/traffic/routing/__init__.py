"""The event's road networks: OpenStreetMap import, the routable graph, routes, the map layer.

Other apps ask for road travel times through ``router.travel_time`` only.
"""
