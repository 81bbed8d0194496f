from eduguard.supplies.models.items import Item
from eduguard.supplies.models.orders import Order, OrderLine
from eduguard.supplies.models.stock import Kind, Movement, Source, Stock, Store

__all__ = ["Item", "Kind", "Movement", "Order", "OrderLine", "Source", "Stock", "Store"]
