from django.urls import path

from eduguard.supplies import views

app_name = "supplies"

urlpatterns = [
    path("supplies/", views.OverviewView.as_view(), name="overview"),
    path("supplies/distribute/", views.DistributeView.as_view(), name="distribute"),
    path("supplies/stores/<int:pk>/", views.StoreView.as_view(), name="store"),
    path("supplies/stores/<int:pk>/receive/", views.ReceiveView.as_view(), name="receive"),
    path("supplies/stores/<int:pk>/transfer/", views.TransferView.as_view(), name="transfer"),
    path("supplies/stores/<int:pk>/take-out/", views.TakeOutView.as_view(), name="take-out"),
    path("supplies/stores/<int:pk>/count/", views.CountView.as_view(), name="count"),
    path("supplies/orders/", views.OrdersView.as_view(), name="orders"),
    path("supplies/orders/<int:pk>/", views.OrderView.as_view(), name="order"),
    path("supplies/orders/<int:pk>/deliver/", views.DeliveryView.as_view(), name="deliver"),
    path("supplies/orders/<int:pk>/close/", views.CloseOrderView.as_view(), name="close"),
]
