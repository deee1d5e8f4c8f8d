// The page's own script: fetches the story and builds the article, as a single-page app does.
fetch("story.json")
  .then((answer) => answer.json())
  .then((story) => {
    const article = document.createElement("article");
    const title = document.createElement("h1");
    title.textContent = story.title;
    article.append(title);
    for (const text of story.paragraphs) {
      const paragraph = document.createElement("p");
      paragraph.textContent = text;
      article.append(paragraph);
    }
    document.getElementById("root").append(article);
  });
