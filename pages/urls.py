from django.urls import path

from . import views

app_name = "pages"

# Included last in config/urls.py: the catch-all page route must never shadow another one.
urlpatterns = [
    path("faq/", views.FAQListView.as_view(), name="faq"),
    path("<slug:slug>/", views.PageDetailView.as_view(), name="detail"),
]
