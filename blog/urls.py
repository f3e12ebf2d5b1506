from django.urls import path

from . import feeds, member_views, views
from .models import Category, Tag

app_name = "blog"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/", views.ArticleListView.as_view(), name="list"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("articles/<slug:slug>/save/", member_views.save, name="save"),
    path("category/<slug:slug>/", views.TaxonomyView.as_view(taxonomy=Category), name="category"),
    path("category/<slug:slug>/follow/", member_views.follow, name="follow"),
    path("category/<slug:slug>/feed/rss/", feeds.TaxonomyRss(Category), name="category-feed-rss"),
    path(
        "category/<slug:slug>/feed/atom/", feeds.TaxonomyAtom(Category), name="category-feed-atom"
    ),
    path("tag/<slug:slug>/", views.TaxonomyView.as_view(taxonomy=Tag), name="tag"),
    path("tag/<slug:slug>/follow/", member_views.follow, {"taxonomy": Tag}, name="tag-follow"),
    path("tag/<slug:slug>/feed/rss/", feeds.TaxonomyRss(Tag), name="tag-feed-rss"),
    path("tag/<slug:slug>/feed/atom/", feeds.TaxonomyAtom(Tag), name="tag-feed-atom"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("authors/<str:username>/", views.AuthorView.as_view(), name="author"),
    path("authors/<str:username>/follow/", member_views.follow_author, name="author-follow"),
    path("authors/<str:username>/feed/rss/", feeds.AuthorRss(), name="author-feed-rss"),
    path("authors/<str:username>/feed/atom/", feeds.AuthorAtom(), name="author-feed-atom"),
    path("people/<slug:slug>/", views.PersonView.as_view(), name="person"),
    path("feeds/rss/", feeds.ArticlesRss(), name="feed-rss"),
    path("feeds/atom/", feeds.ArticlesAtom(), name="feed-atom"),
]
