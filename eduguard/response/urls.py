from django.urls import path

app_name = "response"

urlpatterns = [
    # fever events and incidents
    # warnings (EARS)
    # drills
    # contact tracing
]
